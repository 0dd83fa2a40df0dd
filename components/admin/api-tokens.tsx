"use client";

import { useEffect, useState, type FormEvent } from "react";
import type { CreatedToken, TokenView } from "@/lib/schemas/tokens";
import { LocalTime } from "@/components/alerts/local-time";
import { FieldError } from "@/components/ui/field-error";
import { FormAlert } from "@/components/ui/form-alert";
import { NETWORK_ERROR, readApiError } from "@/components/ui/api-error";
import { buttonPrimary, buttonQuiet, buttonSecondary, inputBase, labelBase } from "@/components/ui/styles";

type Revealed = { name: string; secret: string; isCopied: boolean };
type TokenList = { tokens: TokenView[] } | { message: string };

async function fetchTokens(): Promise<TokenList> {
  try {
    const response = await fetch("/api/tokens", { headers: { Accept: "application/json" }, cache: "no-store" });
    if (!response.ok) return { message: (await readApiError(response)).message };
    return { tokens: (await response.json()) as TokenView[] };
  } catch {
    return { message: NETWORK_ERROR };
  }
}

/**
 * Publishing tokens for newsroom systems (docs/API.md): create one with a name, see its
 * secret once, see when each was last used, revoke. Loads its own list from /api/tokens.
 */
export function ApiTokens() {
  const [tokens, setTokens] = useState<TokenView[] | null>(null);
  const [revealed, setRevealed] = useState<Revealed | null>(null);
  const [nameError, setNameError] = useState<string | undefined>();
  const [listError, setListError] = useState<string | null>(null);
  const [isBusy, setIsBusy] = useState(false);

  function show(result: TokenList) {
    if ("tokens" in result) setTokens(result.tokens);
    setListError("message" in result ? result.message : null);
  }

  useEffect(() => {
    let isCurrent = true;
    void fetchTokens().then((result) => {
      if (!isCurrent) return;
      if ("tokens" in result) setTokens(result.tokens);
      setListError("message" in result ? result.message : null);
    });
    return () => {
      isCurrent = false;
    };
  }, []);

  async function onCreate(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = event.currentTarget;
    const name = String(new FormData(form).get("name") ?? "").trim();
    setNameError(undefined);
    setRevealed(null);
    setIsBusy(true);
    try {
      const response = await fetch("/api/tokens", {
        method: "POST",
        headers: { "Content-Type": "application/json", Accept: "application/json" },
        body: JSON.stringify({ name }),
      });
      if (!response.ok) {
        const error = await readApiError(response);
        setNameError(error.fields.name ?? error.message);
        return;
      }
      const created = (await response.json()) as CreatedToken;
      form.reset();
      setRevealed({ name: created.token.name, secret: created.secret, isCopied: false });
      show(await fetchTokens());
    } catch {
      setNameError(NETWORK_ERROR);
    } finally {
      setIsBusy(false);
    }
  }

  async function onRevoke(token: TokenView) {
    setListError(null);
    setIsBusy(true);
    try {
      const response = await fetch(`/api/tokens/${encodeURIComponent(token.id)}`, { method: "DELETE" });
      if (!response.ok && response.status !== 404) {
        setListError((await readApiError(response)).message);
        return;
      }
      if (revealed?.name === token.name) setRevealed(null);
      show(await fetchTokens());
    } catch {
      setListError(NETWORK_ERROR);
    } finally {
      setIsBusy(false);
    }
  }

  async function onCopy() {
    if (!revealed) return;
    try {
      await navigator.clipboard.writeText(revealed.secret);
      setRevealed({ ...revealed, isCopied: true });
    } catch {
      // No clipboard (http on another host, or refused): the field is selected for Ctrl+C instead.
      (document.getElementById("token-secret") as HTMLInputElement | null)?.select();
    }
  }

  return (
    <section aria-labelledby="tokens-heading" className="rounded-xl border border-slate-200 bg-white p-5 shadow-sm sm:p-6">
      <h2 id="tokens-heading" className="text-lg font-bold">
        API tokens
      </h2>
      <p className="mt-1 text-sm text-slate-600">
        For newsroom systems that send alerts themselves: <code className="font-mono text-xs">Authorization: Bearer &lt;token&gt;</code> on{" "}
        <code className="font-mono text-xs">POST /api/alerts</code>. A token acts for you, and stops working if you stop being an admin.
      </p>

      {revealed ? (
        <div className="mt-4 rounded-md border border-amber-300 bg-amber-50 p-3">
          <label htmlFor="token-secret" className={labelBase}>
            Secret of “{revealed.name}”
          </label>
          <div className="mt-1 flex flex-col gap-2 sm:flex-row">
            <input id="token-secret" readOnly value={revealed.secret} aria-describedby="token-secret-hint" className={`${inputBase} font-mono text-sm`} onFocus={(event) => event.currentTarget.select()} />
            <button type="button" className={buttonSecondary} onClick={onCopy}>
              {revealed.isCopied ? "Copied" : "Copy"}
            </button>
          </div>
          <p id="token-secret-hint" className="mt-1 text-sm text-amber-900">
            Copy it now and keep it somewhere safe: it is shown only this once. Lost it? Revoke the token and create another.
          </p>
        </div>
      ) : null}

      <form method="post" noValidate onSubmit={onCreate} className="mt-4 flex flex-col gap-2 sm:flex-row sm:items-end">
        <div className="flex-1">
          <label htmlFor="new-token-name" className={labelBase}>
            Token name
          </label>
          <input
            id="new-token-name"
            name="name"
            maxLength={60}
            autoComplete="off"
            placeholder="e.g. CMS, wire feed"
            aria-invalid={nameError ? true : undefined}
            aria-describedby={nameError ? "new-token-name-error" : undefined}
            className={`mt-1 ${inputBase}`}
          />
        </div>
        <button type="submit" className={buttonPrimary} disabled={isBusy}>
          Create token
        </button>
      </form>
      <FieldError id="new-token-name-error" message={nameError} />

      <div className="mt-4">
        <FormAlert message={listError} />
      </div>
      {tokens === null ? (
        listError ? null : <p className="mt-4 text-sm text-slate-600">Loading tokens…</p>
      ) : tokens.length === 0 ? (
        <p className="mt-4 text-sm text-slate-600">No tokens yet.</p>
      ) : (
        <ul aria-label="API tokens" className="mt-4 divide-y divide-slate-200 rounded-md border border-slate-200">
          {tokens.map((token) => (
            <li key={token.id} className="flex flex-col gap-2 px-3 py-3 sm:flex-row sm:items-center sm:justify-between">
              <div className="min-w-0">
                <p className="font-medium text-slate-900">{token.name}</p>
                <p className="text-xs text-slate-500">
                  Created <LocalTime iso={token.createdAt} withDate /> · {token.lastUsedAt ? <>Last used <LocalTime iso={token.lastUsedAt} withDate /></> : "Never used"}
                </p>
              </div>
              <button type="button" className={`${buttonQuiet} text-red-700 hover:bg-red-50`} disabled={isBusy} onClick={() => onRevoke(token)}>
                Revoke<span className="sr-only"> {token.name}</span>
              </button>
            </li>
          ))}
        </ul>
      )}
    </section>
  );
}
