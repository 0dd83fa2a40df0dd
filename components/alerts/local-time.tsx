"use client";

import { useSyncExternalStore } from "react";

export type LocalTimeProps = { iso: string; withDate?: boolean; className?: string };

const subscribeNever = () => () => {};

/**
 * A time in the reader's own timezone. The server can't know it, so the first render (and
 * hydration) shows UTC, and the browser then switches to local time.
 */
export function LocalTime({ iso, withDate = false, className }: LocalTimeProps) {
  const isBrowser = useSyncExternalStore(subscribeNever, () => true, () => false);
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return null;
  const options: Intl.DateTimeFormatOptions = withDate
    ? { dateStyle: "medium", timeStyle: "short" }
    : { hour: "2-digit", minute: "2-digit", second: "2-digit" };
  const label = isBrowser
    ? new Intl.DateTimeFormat(undefined, options).format(date)
    : `${new Intl.DateTimeFormat("en-GB", { ...options, timeZone: "UTC" }).format(date)} UTC`;
  return (
    <time dateTime={date.toISOString()} className={className} title={date.toString()}>
      {label}
    </time>
  );
}
