import { parseArgs } from "node:util";

export type SoakOptions = {
  durationMs: number;
  readers: number;
  processes: number;
  alertEveryMs: number;
  churnEveryMs: number;
  churnFraction: number;
  /** Share of readers signed in as members (they also read a members-only channel). */
  memberShare: number;
  /** Member accounts those readers share (several tabs of one person). */
  memberAccounts: number;
  statsEveryMs: number;
  json?: string;
};

const USAGE = `npm run soak -- [--duration 5m] [--readers 2000] [--processes 2] [--alert-every 1s]
  [--churn-every 3s] [--churn-fraction 0.1] [--member-share 0.1] [--member-accounts 5]
  [--stats-every 5s] [--json report.json]
Durations: 90, 90s, 5m (plain numbers are seconds).`;

export function parseSoakOptions(argv: string[]): SoakOptions {
  const { values } = parseArgs({
    args: argv,
    options: {
      duration: { type: "string", default: "5m" },
      readers: { type: "string", default: "2000" },
      processes: { type: "string", default: "2" },
      "alert-every": { type: "string", default: "1s" },
      "churn-every": { type: "string", default: "3s" },
      "churn-fraction": { type: "string", default: "0.1" },
      "member-share": { type: "string", default: "0.1" },
      "member-accounts": { type: "string", default: "5" },
      "stats-every": { type: "string", default: "5s" },
      json: { type: "string" },
      help: { type: "boolean", default: false },
    },
    strict: true,
  });
  if (values.help) {
    console.log(USAGE);
    process.exit(0);
  }
  const options: SoakOptions = {
    durationMs: duration(values.duration),
    readers: count(values.readers, "readers"),
    processes: count(values.processes, "processes"),
    alertEveryMs: duration(values["alert-every"]),
    churnEveryMs: duration(values["churn-every"]),
    churnFraction: share(values["churn-fraction"], "churn-fraction"),
    memberShare: share(values["member-share"], "member-share"),
    memberAccounts: count(values["member-accounts"], "member-accounts"),
    statsEveryMs: duration(values["stats-every"]),
    ...(values.json ? { json: values.json } : {}),
  };
  return options;
}

function duration(text: string): number {
  const match = /^(\d+(?:\.\d+)?)(ms|s|m)?$/.exec(text.trim());
  if (!match) throw new Error(`not a duration: ${text}\n${USAGE}`);
  const unit = match[2] ?? "s";
  return Math.round(Number(match[1]) * (unit === "ms" ? 1 : unit === "s" ? 1_000 : 60_000));
}

function count(text: string, name: string): number {
  const value = Number(text);
  if (!Number.isInteger(value) || value < 1) throw new Error(`--${name} must be a whole number of at least 1\n${USAGE}`);
  return value;
}

function share(text: string, name: string): number {
  const value = Number(text);
  if (!(value >= 0 && value <= 1)) throw new Error(`--${name} must be between 0 and 1\n${USAGE}`);
  return value;
}
