"use client";

import dynamic from "next/dynamic";

// Only signed-in readers get these; loading them on demand keeps Radix and next-auth's
// client out of the JavaScript every visitor downloads (docs/UI-FIGURES.md).
const AlertSettingsDialog = dynamic(() =>
  import("@/components/subscriptions/alert-settings-dialog").then((module) => module.AlertSettingsDialog),
);
const SignOutButton = dynamic(() => import("@/components/auth/sign-out-button").then((module) => module.SignOutButton));

export function MemberControls() {
  return (
    <>
      <AlertSettingsDialog />
      <SignOutButton />
    </>
  );
}
