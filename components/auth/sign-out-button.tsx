"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { useChangeIdentity } from "@/components/realtime/use-change-identity";
import { buttonSecondary } from "@/components/ui/styles";

/** Signs out in place: the open page switches back to visitor alerts, as in the tutorial. */
export function SignOutButton() {
  const changeIdentity = useChangeIdentity();
  const [isBusy, setIsBusy] = useState(false);

  async function onSignOut() {
    setIsBusy(true);
    await changeIdentity(async () => {
      await signOut({ redirect: false });
      return true;
    });
    setIsBusy(false);
  }

  return (
    <button type="button" onClick={onSignOut} disabled={isBusy} className={buttonSecondary}>
      Sign out
    </button>
  );
}
