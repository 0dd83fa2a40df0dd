"use client";

import { useEffect, useState } from "react";
import { NETWORK_ERROR } from "@/components/ui/api-error";
import { buttonSecondary } from "@/components/ui/styles";
import { PushSetupError, currentPushSubscription, pushSupport, startPushNotifications, stopPushNotifications, syncPushSubscription } from "./push-client";

type State = "checking" | "off" | "on" | "insecure" | "unsupported";

const UNAVAILABLE: Record<"insecure" | "unsupported", string> = {
  insecure: "Notifications need a secure (https) connection to this site.",
  unsupported: "This browser can't get notifications from this site. On iPhone and iPad, add Newsflash to the Home Screen first.",
};

/** "Get notifications" / "Stop notifications": Web Push for this device, visitors and members alike. */
export function NotificationsButton({ viewerKey }: { viewerKey: string }) {
  const [state, setState] = useState<State>("checking");
  const [isBusy, setIsBusy] = useState(false);
  const [error, setError] = useState<string | null>(null);

  // On load and whenever the reader changes (sign-in, sign-out): a subscribed device is posted
  // again if the reader changed since, so the server ties it to whoever is reading now.
  useEffect(() => {
    let isCurrent = true;
    const support = pushSupport();
    void (async () => {
      let next: State = support === "supported" ? "off" : support;
      if (support === "supported") {
        try {
          next = (await syncPushSubscription(viewerKey)) ? "on" : "off";
        } catch {
          next = (await currentPushSubscription().catch(() => null)) ? "on" : "off";
        }
      }
      if (isCurrent) setState(next);
    })();
    return () => {
      isCurrent = false;
    };
  }, [viewerKey]);

  async function onToggle() {
    setIsBusy(true);
    setError(null);
    try {
      if (state === "on") {
        await stopPushNotifications();
        setState("off");
      } else {
        await startPushNotifications(viewerKey);
        setState("on");
      }
    } catch (caught) {
      setError(caught instanceof PushSetupError ? caught.message : caught instanceof TypeError ? NETWORK_ERROR : String((caught as Error).message ?? caught));
    } finally {
      setIsBusy(false);
    }
  }

  if (state === "checking") return null;
  if (state === "insecure" || state === "unsupported") {
    return <p className="max-w-xs text-xs text-slate-500">{UNAVAILABLE[state]}</p>;
  }
  return (
    <div className="flex flex-col items-start gap-1">
      <button type="button" onClick={onToggle} disabled={isBusy} className={buttonSecondary}>
        {state === "on" ? "Stop notifications" : "Get notifications"}
      </button>
      {error ? (
        <p role="alert" className="max-w-xs text-xs text-red-700">
          {error}
        </p>
      ) : null}
    </div>
  );
}
