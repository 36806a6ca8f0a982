// `npm run emulator -- --port 2881` / `npx oceanbase-backup-emulator`: the emulator in the foreground,
// printing each statement it executes.

import { writeFileSync } from "fs";
import { parseArgs } from "util";
import { startEmulator, TenantOptions } from "./index";

const HELP = `Usage: oceanbase-backup-emulator [options]

An OceanBase 4.x backup emulator speaking the MySQL protocol on 127.0.0.1. Connect with any MySQL client,
e.g.  mariadb -h127.0.0.1 -P2881 -uroot@sys   or   mariadb -h127.0.0.1 -P2881 -uroot@mysql_tenant

Options:
  --port N                port to listen on (default 2881; 0 picks a free one)
  --host ADDR             address to bind (default 127.0.0.1)
  --tenant NAME[:MODE]    user tenant, MODE mysql or oracle; repeatable (default: mysql_tenant, oracle_tenant)
  --password LOGIN=PW     e.g. root@sys=secret (default empty; OB_EMULATOR_PASSWORDS hides them)
  --version V             version, 4.0.0.0 .. 4.4.x (default 4.3.0.1; from 4.3.5 Oracle errors are OBE-)
  --edition CE|EE         Community or Enterprise edition (default EE; Oracle mode needs EE)
  --archive-start-ms N    time for archiving to reach DOING (default 2000)
  --backup-ms N           time a data backup runs (default 30000)
  --history-ms N          time a finished job stays in *_JOBS before *_JOB_HISTORY (default 2000)
  --cleanup-ms N          time an automatic cleanup job runs (default 2000)
  --cleanup-trigger-ms N  automatic cleanup trigger period (default 3600000, OceanBase's hourly trigger)
  --restore-create-ms N   time ALTER SYSTEM RESTORE blocks while the tenant is created (default 1000)
  --restore-ms N          time a restored tenant's own restore job runs (default 30000)
  --time-zone TZ          default session time_zone (default +08:00, as OceanBase)
  --rich-error-msg        append "[ip:port] [timestamp] [trace_id]" to errors (enable_rich_error_msg)
  --tls                   offer TLS: a CA and a server certificate are made at start; clients trust the CA
  --tls-ca-out FILE       write the CA certificate (PEM) to FILE (implies --tls; else printed)
  --tls-name NAME         a name or IP for the certificate; repeatable (implies --tls; default localhost)
  --tls-require LOGIN     refuse LOGIN (e.g. root@sys, or * for all) without TLS; repeatable (implies --tls)
  --quiet                 do not print statements
  --help                  show this help
`;

function main(): void {
  let parsed;
  try {
    parsed = parseArgs({
      options: {
        port: { type: "string", default: "2881" },
        host: { type: "string", default: "127.0.0.1" },
        tenant: { type: "string", multiple: true },
        password: { type: "string", multiple: true },
        version: { type: "string" },
        edition: { type: "string" },
        "archive-start-ms": { type: "string" },
        "backup-ms": { type: "string" },
        "history-ms": { type: "string" },
        "cleanup-ms": { type: "string" },
        "cleanup-trigger-ms": { type: "string" },
        "restore-create-ms": { type: "string" },
        "restore-ms": { type: "string" },
        "time-zone": { type: "string" },
        "rich-error-msg": { type: "boolean", default: false },
        tls: { type: "boolean", default: false },
        "tls-ca-out": { type: "string" },
        "tls-name": { type: "string", multiple: true },
        "tls-require": { type: "string", multiple: true },
        quiet: { type: "boolean", default: false },
        help: { type: "boolean", default: false },
      },
      strict: true,
    });
  } catch (e) {
    process.stderr.write(`${(e as Error).message}\n\n${HELP}`);
    process.exit(2);
  }
  const v = parsed.values;
  if (v.help) {
    process.stdout.write(HELP);
    return;
  }
  const int = (name: string, s: string | undefined): number | undefined => {
    if (s === undefined) return undefined;
    if (!/^[0-9]+$/.test(s)) {
      process.stderr.write(`--${name} takes a whole number, got ${JSON.stringify(s)}\n`);
      process.exit(2);
    }
    return Number(s);
  };
  const passwords = new Map<string, string>();
  for (const p of [...(process.env.OB_EMULATOR_PASSWORDS ?? "").split(",").filter(Boolean), ...(v.password ?? [])]) {
    const eq = p.indexOf("=");
    if (eq <= 0) {
      process.stderr.write(`a password is LOGIN=PASSWORD, e.g. root@sys=secret\n`);
      process.exit(2);
    }
    passwords.set(p.slice(0, eq).toLowerCase(), p.slice(eq + 1));
  }
  const tenants: TenantOptions[] | undefined = v.tenant?.map((t) => {
    const [name, mode = "mysql"] = t.split(":");
    if (!/^(mysql|oracle)$/i.test(mode)) {
      process.stderr.write(`--tenant ${t}: mode must be mysql or oracle\n`);
      process.exit(2);
    }
    return { name, mode: mode.toUpperCase() as "MYSQL" | "ORACLE" };
  });
  const allTenants = tenants ?? [
    { name: "mysql_tenant", mode: "MYSQL" as const },
    { name: "oracle_tenant", mode: "ORACLE" as const },
  ];
  for (const t of allTenants) {
    const admin = t.mode === "ORACLE" ? "sys" : "root";
    t.password = passwords.get(`${admin}@${t.name}`.toLowerCase());
  }
  const tls = v.tls || v["tls-ca-out"] !== undefined || v["tls-name"] !== undefined || v["tls-require"] !== undefined;
  startEmulator({
    host: v.host,
    port: int("port", v.port),
    tenants: allTenants,
    sysPassword: passwords.get("root@sys") ?? passwords.get("root"),
    version: v.version,
    edition: v.edition === undefined ? undefined : (v.edition.toUpperCase() as "CE" | "EE"),
    archiveStartMs: int("archive-start-ms", v["archive-start-ms"]),
    backupDurationMs: int("backup-ms", v["backup-ms"]),
    historyDelayMs: int("history-ms", v["history-ms"]),
    cleanupDurationMs: int("cleanup-ms", v["cleanup-ms"]),
    cleanupTriggerMs: int("cleanup-trigger-ms", v["cleanup-trigger-ms"]),
    restoreCreateTenantMs: int("restore-create-ms", v["restore-create-ms"]),
    restoreDurationMs: int("restore-ms", v["restore-ms"]),
    timeZone: v["time-zone"],
    richErrorMessages: v["rich-error-msg"],
    tls: tls ? { serverNames: v["tls-name"], requireFor: v["tls-require"] } : undefined,
    onStatement: v.quiet ? undefined : (line) => process.stdout.write(`${new Date().toISOString()} ${line}\n`),
  }).then(
    (h) => {
      const names = h.options.tenants.map((t) => `${t.name} (${t.mode})`).join(", ");
      process.stdout.write(
        `OceanBase backup emulator ${h.options.version} ${h.options.edition} listening on ${h.host}:${h.port}\n` +
          `tenants: sys, ${names}\nlog in as root@sys, root@<mysql tenant>, SYS@<oracle tenant>; Ctrl-C stops it\n`,
      );
      if (h.tlsCa !== null) {
        const caOut = v["tls-ca-out"];
        if (caOut !== undefined) {
          try {
            writeFileSync(caOut, h.tlsCa);
          } catch (e) {
            process.stderr.write(`cannot write the CA certificate to ${caOut}: ${(e as Error).message}\n`);
            void h.close().then(() => process.exit(1));
            return;
          }
          process.stdout.write(`TLS offered; CA certificate written to ${caOut}\n`);
        } else {
          process.stdout.write(`TLS offered; trust this CA certificate:\n${h.tlsCa}`);
        }
      }
      // the listening socket closes first, so the port is free at once; clients still connected do not hold
      // the process (close is given a second, then it exits anyway), and a second signal exits at once
      let stopping = false;
      const stop = () => {
        if (stopping) process.exit(0);
        stopping = true;
        setTimeout(() => process.exit(0), 1000).unref();
        void h.close().then(
          () => process.exit(0),
          () => process.exit(0),
        );
      };
      for (const signal of ["SIGINT", "SIGTERM", "SIGHUP"] as const) process.on(signal, stop);
    },
    (e: Error) => {
      process.stderr.write(`cannot start the emulator: ${e.message}\n`);
      process.exit(1);
    },
  );
}

main();
