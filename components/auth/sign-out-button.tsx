"use client";

import { signOut } from "next-auth/react";
import { useState } from "react";
import { forgetPushDeviceOwner } from "@/components/push/push-client";
import { useChangeIdentity } from "@/components/realtime/use-change-identity";
import { buttonSecondary } from "@/components/ui/styles";

/** Signs out in place: the open page switches back to visitor alerts, as in the tutorial. */
export function SignOutButton() {
  const changeIdentity = useChangeIdentity();
  const [isBusy, setIsBusy] = useState(false);

  async function onSignOut() {
    setIsBusy(true);
    await changeIdentity(async () => {
      // This device stops getting the member's alerts first; once the page is the visitor's, the
      // notifications button registers it again as a visitor's (docs/PUSH.md). Never in the way
      // of signing out.
      await forgetPushDeviceOwner().catch(() => undefined);
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
