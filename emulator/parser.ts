// Parses the statements the emulator understands into small typed commands. ALTER SYSTEM follows the
// V4 MySQL-mode grammar of reference §1.2 exactly: a form the grammar lacks (e.g. BACKUP DATABASE TENANT = t)
// is a 1064 parse error quoting the text from the failing token on, as OceanBase does.

import { parseError } from "./errors";
import { LexError, Token, tokenize } from "./lexer";

export type TenantList = string[] | null; // null: no TENANT clause

export type Command =
  | { kind: "archivelog"; enable: boolean; tenants: TenantList }
  | {
      kind: "backup";
      incremental: boolean;
      database: boolean;
      tenants: TenantList;
      to: string | null;
      plusArchivelog: boolean;
      description: string | null;
    }
  | { kind: "backupKey"; tenants: TenantList; to: string | null; encryptedBy: string | null }
  | { kind: "cancelBackup"; tenants: TenantList }
  | { kind: "cancelDelete"; tenants: TenantList }
  | { kind: "manualDelete"; what: "BACKUPSET" | "BACKUPPIECE" | "OBSOLETE"; id: number | null; tenants: TenantList }
  | {
      kind: "addPolicy";
      name: string;
      recoveryWindow: string | null;
      redundancy: number | null;
      backupCopies: number | null;
      tenants: TenantList;
    }
  | { kind: "dropPolicy"; name: string; tenants: TenantList }
  | { kind: "setParameters"; items: { name: string; value: string }[]; tenant: string | null }
  | { kind: "rejectedInV4"; what: string }
  | { kind: "unmodelledAlterSystem"; what: string }
  | { kind: "setEncryption"; password: string }
  | { kind: "setDecryption"; passwords: string[] }
  | { kind: "setVariables"; items: { name: string; value: string | null; user: boolean }[] }
  | { kind: "use"; database: string }
  | { kind: "select"; tokens: Token[] }
  | { kind: "show"; tokens: Token[] }
  | { kind: "describe"; table: string; schema: string | null }
  | { kind: "transaction" }
  | { kind: "write"; verb: string }
  // restores and the resource statements they need (restore research §1, §2, §4.2)
  | { kind: "createResourceUnit"; ifNotExists: boolean; name: string; options: { key: string; value: string }[] }
  | {
      kind: "createResourcePool";
      ifNotExists: boolean;
      name: string;
      unit: string | null;
      unitNum: number | null;
      zoneList: string[] | null;
    }
  | { kind: "dropResourcePool"; ifExists: boolean; name: string }
  | { kind: "dropResourceUnit"; ifExists: boolean; name: string }
  | { kind: "dropTenant"; ifExists: boolean; name: string; mode: "FORCE" | "PURGE" | null }
  | {
      kind: "restore";
      name: string;
      from: string | null;
      untilTime: string | null;
      /** the integer as written: SCNs need all 64 bits */
      untilScn: string | null;
      options: string;
      description: string | null;
    }
  | { kind: "cancelRestore"; name: string }
  | { kind: "activateStandby"; tenant: string | null };

/** First words of OceanBase ALTER SYSTEM statements outside backup (server, zone, freeze, …). */
const OTHER_ALTER_SYSTEM = new Set([
  "ADD", "DELETE", "MAJOR", "MINOR", "FREEZE", "FLUSH", "SWITCH", "START", "STOP", "RELOAD", "MIGRATE", "UPGRADE",
  "RUN", "CHANGE", "MODIFY", "REFRESH", "KILL", "CLEAR", "CHECKPOINT", "BOOTSTRAP", "ALTER", "REPORT", "RECYCLE",
  "DROP", "CANCEL", "ARCHIVE", "RESTORE", "RECOVER", "REMOVE", "TRANSFER", "RESET",
]);

export class Parser {
  private pos = 0;
  private readonly toks: Token[];

  constructor(
    private readonly sql: string,
    private readonly oracleMode = false,
    private readonly allowHint = true,
    private readonly cancelRestoreParses = true,
  ) {
    try {
      this.toks = tokenize(sql, !oracleMode);
    } catch (e) {
      if (e instanceof LexError) throw parseError(sql.slice(e.offset));
      throw e;
    }
    // one trailing semicolon is allowed, a second statement is not (no multi-statement support)
    const last = this.toks.length - 2;
    if (last >= 0 && this.toks[last].kind === "op" && this.toks[last].value === ";") this.toks.splice(last, 1);
  }

  private peek(offset = 0): Token {
    return this.toks[Math.min(this.pos + offset, this.toks.length - 1)];
  }

  private isKw(word: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === "ident" && t.value.toUpperCase() === word;
  }

  private isOp(op: string, offset = 0): boolean {
    const t = this.peek(offset);
    return t.kind === "op" && t.value === op;
  }

  private fail(): never {
    const t = this.peek();
    throw parseError(t.kind === "eof" ? "" : this.sql.slice(t.start));
  }

  private acceptKw(...words: string[]): boolean {
    for (let i = 0; i < words.length; i++) if (!this.isKw(words[i], i)) return false;
    this.pos += words.length;
    return true;
  }

  private expectKw(...words: string[]): void {
    for (const w of words) {
      if (!this.isKw(w)) this.fail();
      this.pos++;
    }
  }

  private acceptOp(op: string): boolean {
    if (!this.isOp(op)) return false;
    this.pos++;
    return true;
  }

  private expectEnd(): void {
    if (this.peek().kind !== "eof") this.fail();
  }

  private stringValue(): string {
    const t = this.peek();
    if (t.kind !== "string") this.fail();
    this.pos++;
    return t.value;
  }

  private intValue(): number {
    const t = this.peek();
    if (t.kind !== "number" || !/^[0-9]+$/.test(t.value)) this.fail();
    this.pos++;
    return Number(t.value);
  }

  private name(): string {
    const t = this.peek();
    if (t.kind !== "ident" && t.kind !== "qident") this.fail();
    this.pos++;
    return t.value;
  }

  /** `TENANT [=] name[, name…]`; names are identifiers or strings, ALL becomes "all" (§1.1). */
  private optTenantList(): TenantList {
    if (!this.acceptKw("TENANT")) return null;
    this.acceptOp("=");
    const names: string[] = [];
    do {
      const t = this.peek();
      if (t.kind === "ident" || t.kind === "qident" || t.kind === "string") {
        this.pos++;
        names.push(t.kind === "ident" && t.value.toUpperCase() === "ALL" ? "all" : t.value);
      } else this.fail();
    } while (this.acceptOp(","));
    return names;
  }

  private optDescription(): string | null {
    if (!this.acceptKw("DESCRIPTION")) return null;
    this.acceptOp("=");
    return this.stringValue();
  }

  private optBackupTo(): string | null {
    if (!this.acceptKw("TO")) return null;
    this.acceptOp("=");
    return this.stringValue();
  }

  parse(): Command {
    const t = this.peek();
    // Oracle mode has no backtick identifiers (§2.10); USE is exempt because COM_INIT_DB arrives as USE `db`
    const backtick = this.oracleMode && !(t.kind === "ident" && t.value.toUpperCase() === "USE") ? this.toks.find((x) => x.quote === "`") : undefined;
    if (backtick) throw parseError(this.sql.slice(backtick.start));
    if (t.kind === "op" && t.value === "(") return { kind: "select", tokens: this.toks };
    if (t.kind !== "ident") this.fail();
    const word = t.value.toUpperCase();
    switch (word) {
      case "ALTER":
        return this.alter();
      case "SET":
        this.pos++;
        return this.set();
      case "USE": {
        this.pos++;
        const db = this.name();
        this.expectEnd();
        return { kind: "use", database: db };
      }
      case "SELECT":
      case "WITH":
      case "VALUES":
        return { kind: "select", tokens: this.toks };
      case "SHOW":
        return { kind: "show", tokens: this.toks };
      case "DESC":
      case "DESCRIBE": {
        this.pos++;
        let schema: string | null = null;
        let table = this.name();
        if (this.acceptOp(".")) {
          schema = table;
          table = this.name();
        }
        return { kind: "describe", table, schema };
      }
      case "BEGIN":
      case "COMMIT":
      case "ROLLBACK":
        this.pos++;
        this.acceptKw("WORK");
        this.expectEnd();
        return { kind: "transaction" };
      case "START":
        this.pos++;
        this.expectKw("TRANSACTION");
        return { kind: "transaction" };
      case "CREATE":
      case "DROP": {
        const cmd = this.createOrDrop(word);
        if (cmd) return cmd;
        return { kind: "write", verb: word };
      }
      case "INSERT":
      case "UPDATE":
      case "DELETE":
      case "REPLACE":
      case "TRUNCATE":
      case "GRANT":
      case "REVOKE":
      case "RENAME":
        return { kind: "write", verb: word };
      default:
        return this.fail();
    }
  }

  /**
   * CREATE/DROP RESOURCE UNIT|POOL and DROP TENANT (restore research §2, PARSER 4.3.0); any other CREATE or DROP
   * is left to the caller (null).
   */
  private createOrDrop(word: string): Command | null {
    const at = this.pos;
    this.pos++;
    while (this.peek().kind === "hint") this.pos++; // create_with_opt_hint
    const create = word === "CREATE";
    let cmd: Command | null = null;
    if (this.acceptKw("RESOURCE")) {
      const unit = this.acceptKw("UNIT");
      if (!unit) this.expectKw("POOL");
      const ifx = create ? this.acceptKw("IF", "NOT", "EXISTS") : this.acceptKw("IF", "EXISTS");
      const name = this.name();
      if (!create) cmd = unit ? { kind: "dropResourceUnit", ifExists: ifx, name } : { kind: "dropResourcePool", ifExists: ifx, name };
      else if (unit) cmd = { kind: "createResourceUnit", ifNotExists: ifx, name, options: this.unitOptions() };
      else cmd = this.poolOptions(ifx, name);
    } else if (!create && this.acceptKw("TENANT")) {
      const ifExists = this.acceptKw("IF", "EXISTS");
      const name = this.name();
      const mode = this.acceptKw("FORCE") ? "FORCE" : this.acceptKw("PURGE") ? "PURGE" : null;
      cmd = { kind: "dropTenant", ifExists, name, mode };
    }
    if (!cmd) {
      this.pos = at;
      return null;
    }
    this.expectEnd();
    return cmd;
  }

  /** opt_resource_unit_option_list: KEY [=] conf_const, comma-separated (the comma is optional here). */
  private unitOptions(): { key: string; value: string }[] {
    const out: { key: string; value: string }[] = [];
    while (this.peek().kind === "ident") {
      const key = this.name().toUpperCase();
      if (!/^(MIN_CPU|MAX_CPU|MEMORY_SIZE|LOG_DISK_SIZE|MIN_IOPS|MAX_IOPS|IOPS_WEIGHT|DATA_DISK_SIZE|MAX_NET_BANDWIDTH|NET_BANDWIDTH_WEIGHT)$/.test(key)) {
        this.pos--;
        this.fail();
      }
      this.acceptOp("=");
      out.push({ key, value: this.confConst() });
      this.acceptOp(",");
    }
    return out;
  }

  /** UNIT [=] name|'name', UNIT_NUM [=] n, ZONE_LIST [=] ('z'[, 'z']), REPLICA_TYPE [=] 's' in any order. */
  private poolOptions(ifNotExists: boolean, name: string): Command {
    let unit: string | null = null;
    let unitNum: number | null = null;
    let zoneList: string[] | null = null;
    while (this.peek().kind === "ident") {
      if (this.acceptKw("UNIT_NUM")) {
        this.acceptOp("=");
        unitNum = this.intValue();
      } else if (this.acceptKw("UNIT")) {
        this.acceptOp("=");
        const t = this.peek();
        if (t.kind === "string") unit = this.stringValue();
        else unit = this.name();
      } else if (this.acceptKw("ZONE_LIST")) {
        this.acceptOp("=");
        if (!this.acceptOp("(")) this.fail();
        zoneList = [this.stringValue()];
        while (this.acceptOp(",")) zoneList.push(this.stringValue());
        if (!this.acceptOp(")")) this.fail();
      } else if (this.acceptKw("REPLICA_TYPE")) {
        this.acceptOp("=");
        this.stringValue();
      } else this.fail();
      this.acceptOp(",");
    }
    return { kind: "createResourcePool", ifNotExists, name, unit, unitNum, zoneList };
  }

  /** RESTORE relation_name [FROM 's'] [UNTIL TIME = 's' | UNTIL SCN = n] WITH 's' … [DESCRIPTION [=] 's'] (§1.1). */
  private restore(): Command {
    if (this.isKw("FROM")) {
      // RESTORE FROM … PREVIEW (§1.2): parsed, not modelled
      const what = this.sql.slice(this.toks[this.pos - 1].start).trim();
      this.pos = this.toks.length - 1;
      return { kind: "unmodelledAlterSystem", what };
    }
    const name = this.name();
    const from = this.acceptKw("FROM") ? this.stringValue() : null;
    let untilTime: string | null = null;
    let untilScn: string | null = null;
    if (this.acceptKw("UNTIL")) {
      if (this.acceptKw("TIME")) {
        if (!this.acceptOp("=")) this.fail();
        untilTime = this.stringValue();
      } else {
        this.expectKw("SCN");
        if (!this.acceptOp("=")) this.fail();
        const t = this.peek();
        if (t.kind !== "number" || !/^[0-9]+$/.test(t.value)) this.fail();
        this.pos++;
        untilScn = t.value;
      }
    }
    this.expectKw("WITH");
    const options = this.stringValue();
    if (this.acceptKw("ENCRYPTED", "BY")) this.stringValue();
    if (this.acceptKw("WITH", "KEY", "FROM")) {
      this.stringValue();
      if (this.acceptKw("ENCRYPTED", "BY")) this.stringValue();
    }
    const description = this.optDescription();
    return { kind: "restore", name, from, untilTime, untilScn, options, description };
  }

  private alter(): Command {
    this.expectKw("ALTER");
    if (this.oracleMode && this.acceptKw("SESSION")) return this.alterSession();
    while (this.peek().kind === "hint") {
      if (!this.allowHint) this.fail();
      this.pos++;
    }
    this.expectKw("SYSTEM");
    const cmd = this.alterSystem();
    this.expectEnd();
    return cmd;
  }

  /** Oracle mode: ALTER SESSION SET name = value [name = value …]; TIME_ZONE is the one the emulator uses (§2.10). */
  private alterSession(): Command {
    this.expectKw("SET");
    const items: { name: string; value: string | null; user: boolean }[] = [];
    do {
      const name = this.name().toLowerCase();
      if (!this.acceptOp("=")) this.fail();
      items.push({ name, value: this.confConst(), user: false });
    } while (this.peek().kind === "ident");
    this.expectEnd();
    return { kind: "setVariables", items };
  }

  private alterSystem(): Command {
    if (this.acceptKw("ARCHIVELOG") || this.acceptKw("NOARCHIVELOG")) {
      const enable = this.toks[this.pos - 1].value.toUpperCase() === "ARCHIVELOG";
      const tenants = this.optTenantList();
      this.optDescription(); // parsed and ignored (§1.5)
      return { kind: "archivelog", enable, tenants };
    }
    if (this.acceptKw("BACKUP")) return this.backup();
    if (this.acceptKw("RESTORE")) return this.restore();
    if (this.acceptKw("ACTIVATE", "STANDBY")) {
      // switchover_clause: ACTIVATE STANDBY [TENANT [=] name|'name'] [VERIFY] (§4.2)
      let tenant: string | null = null;
      if (this.acceptKw("TENANT")) {
        this.acceptOp("=");
        const t = this.peek();
        if (t.kind === "ident" || t.kind === "qident" || t.kind === "string") {
          this.pos++;
          tenant = t.value;
        } else this.fail();
      }
      this.acceptKw("VERIFY");
      return { kind: "activateStandby", tenant };
    }
    if (this.acceptKw("CANCEL")) {
      if (this.isKw("RESTORE")) {
        // not in the 4.1 grammar (§1.5, §5.2 #23)
        if (!this.cancelRestoreParses) this.fail();
        this.pos++;
        return { kind: "cancelRestore", name: this.name() };
      }
      if (this.acceptKw("DELETE", "BACKUP")) {
        const tenants = this.optTenantList();
        this.optDescription();
        return { kind: "cancelDelete", tenants };
      }
      if (this.acceptKw("BACKUP")) {
        if (this.acceptKw("BACKUPSET") || this.acceptKw("BACKUPPIECE")) return this.rejected("CANCEL BACKUP BACKUPSET");
        return { kind: "cancelBackup", tenants: this.optTenantList() };
      }
      if (this.acceptKw("VALIDATE")) {
        this.intValue();
        return this.rejected("CANCEL VALIDATE");
      }
      if (this.acceptKw("ALL", "BACKUP", "FORCE")) return this.rejected("CANCEL ALL BACKUP FORCE");
      return this.fail();
    }
    if (this.acceptKw("DELETE")) {
      if (this.acceptKw("BACKUPSET") || this.acceptKw("BACKUPPIECE")) {
        const what = this.toks[this.pos - 1].value.toUpperCase() as "BACKUPSET" | "BACKUPPIECE";
        const id = this.intValue();
        if (this.acceptKw("COPY")) this.intValue();
        const tenants = this.optTenantList();
        this.optDescription();
        return { kind: "manualDelete", what, id, tenants };
      }
      if (this.acceptKw("OBSOLETE", "BACKUP")) {
        const tenants = this.optTenantList();
        this.optDescription();
        return { kind: "manualDelete", what: "OBSOLETE", id: null, tenants };
      }
      return this.fail();
    }
    if (this.acceptKw("ADD", "DELETE", "BACKUP")) {
      const name = this.policyName();
      let recoveryWindow: string | null = null;
      let redundancy: number | null = null;
      let backupCopies: number | null = null;
      if (this.acceptKw("RECOVERY_WINDOW")) {
        this.acceptOp("=");
        recoveryWindow = this.stringValue();
      }
      if (this.acceptKw("REDUNDANCY")) {
        this.acceptOp("=");
        redundancy = this.intValue();
      }
      if (this.acceptKw("BACKUP_COPIES")) {
        this.acceptOp("=");
        backupCopies = this.intValue();
      }
      return { kind: "addPolicy", name, recoveryWindow, redundancy, backupCopies, tenants: this.optTenantList() };
    }
    if (this.acceptKw("DROP", "DELETE", "BACKUP")) {
      const name = this.policyName();
      return { kind: "dropPolicy", name, tenants: this.optTenantList() };
    }
    if (this.acceptKw("SET")) return this.setParameters();
    if (this.acceptKw("SUSPEND", "BACKUP") || this.acceptKw("RESUME", "BACKUP")) return this.rejected("SUSPEND/RESUME BACKUP");
    if (this.acceptKw("VALIDATE")) {
      if (this.acceptKw("DATABASE")) return this.rejected("VALIDATE DATABASE");
      this.expectKw("BACKUPSET");
      this.intValue();
      return this.rejected("VALIDATE BACKUPSET");
    }
    if ((this.isKw("START") || this.isKw("STOP")) && this.isKw("BACKUP", 1)) {
      this.pos++;
      this.expectKw("BACKUP", "ARCHIVELOG");
      return this.rejected("START/STOP BACKUP ARCHIVELOG");
    }
    // the rest of OceanBase's ALTER SYSTEM family (server, zone, freeze, …): parsed, not modelled
    const t = this.peek();
    if (t.kind === "ident" && OTHER_ALTER_SYSTEM.has(t.value.toUpperCase())) {
      const what = this.sql.slice(t.start).trim();
      this.pos = this.toks.length - 1;
      return { kind: "unmodelledAlterSystem", what };
    }
    return this.fail();
  }

  private rejected(what: string): Command {
    // the rest of a V3-only statement is not interesting; it parses in V4 and is refused (§1.2)
    this.pos = this.toks.length - 1;
    return { kind: "rejectedInV4", what };
  }

  private policyName(): string {
    this.expectKw("POLICY");
    this.acceptOp("=");
    return this.stringValue();
  }

  private backup(): Command {
    if (this.acceptKw("KEY")) {
      const tenants = this.isOp("(") ? this.tenantTuple() : this.optTenantList();
      const to = this.optBackupTo();
      let encryptedBy: string | null = null;
      if (this.acceptKw("ENCRYPTED", "BY")) encryptedBy = this.stringValue();
      return { kind: "backupKey", tenants, to, encryptedBy };
    }
    if (this.acceptKw("BACKUPSET") || this.acceptKw("BACKUPPIECE")) return this.rejected("BACKUP BACKUPSET");
    const incremental = this.acceptKw("INCREMENTAL");
    const database = this.acceptKw("DATABASE");
    const tenants = database ? null : this.optTenantList();
    const to = this.optBackupTo();
    const plusArchivelog = this.acceptKw("PLUS", "ARCHIVELOG");
    const description = this.optDescription();
    return { kind: "backup", incremental, database, tenants, to, plusArchivelog, description };
  }

  private tenantTuple(): TenantList {
    this.acceptOp("(");
    const l = this.optTenantList();
    if (!this.acceptOp(")")) this.fail();
    return l;
  }

  /** alter_system_set_parameter_action: NAME = conf_const [COMMENT 's'] [SCOPE = x] [TENANT [=] name] */
  private setParameters(): Command {
    const items: { name: string; value: string }[] = [];
    let tenant: string | null = null;
    do {
      const name = this.name().toLowerCase();
      if (!this.acceptOp("=")) this.fail();
      items.push({ name, value: this.confConst() });
      if (this.acceptKw("COMMENT")) this.stringValue();
      if (this.acceptKw("SCOPE")) {
        this.acceptOp("=");
        this.name();
      }
      if (this.acceptKw("TENANT")) {
        this.acceptOp("=");
        const t = this.peek();
        if (t.kind === "string" || t.kind === "ident" || t.kind === "qident") {
          this.pos++;
          tenant = t.value;
        } else this.fail();
      }
    } while (this.acceptOp(","));
    return { kind: "setParameters", items, tenant };
  }

  private confConst(): string {
    const neg = this.acceptOp("-");
    const t = this.peek();
    if (t.kind === "string" || t.kind === "number" || t.kind === "ident") {
      this.pos++;
      return (neg ? "-" : "") + t.value;
    }
    return this.fail();
  }

  private set(): Command {
    if (this.acceptKw("ENCRYPTION")) {
      this.expectKw("ON", "IDENTIFIED", "BY");
      const password = this.stringValue();
      this.expectKw("ONLY");
      this.expectEnd();
      return { kind: "setEncryption", password };
    }
    if (this.acceptKw("DECRYPTION")) {
      this.expectKw("IDENTIFIED", "BY");
      const passwords = [this.stringValue()];
      while (this.acceptOp(",")) passwords.push(this.stringValue());
      this.expectEnd();
      return { kind: "setDecryption", passwords };
    }
    const items: { name: string; value: string | null; user: boolean }[] = [];
    do {
      if (this.acceptKw("NAMES")) {
        const cs = this.peek();
        if (cs.kind === "ident" || cs.kind === "string") this.pos++;
        else this.fail();
        if (this.acceptKw("COLLATE")) this.pos++;
        items.push({ name: "character_set_client", value: cs.value, user: false });
        continue;
      }
      if (this.acceptKw("CHARACTER", "SET") || this.acceptKw("CHARSET")) {
        this.pos++;
        continue;
      }
      if (this.acceptKw("TRANSACTION")) {
        // SET TRANSACTION ISOLATION LEVEL … / READ ONLY: accepted, nothing to model
        while (this.peek().kind === "ident") this.pos++;
        continue;
      }
      let name: string;
      let user = false;
      const t = this.peek();
      if (t.kind === "uservar") {
        this.pos++;
        name = t.value;
        user = true;
      } else if (t.kind === "sysvar") {
        this.pos++;
        name = t.value.replace(/^(session|global|local)\./i, "");
      } else {
        this.acceptKw("SESSION") || this.acceptKw("GLOBAL") || this.acceptKw("LOCAL");
        name = this.name();
      }
      if (!this.acceptOp("=") && !this.acceptOp(":=")) this.fail();
      const v = this.peek();
      let value: string | null;
      if (v.kind === "ident" && v.value.toUpperCase() === "NULL") {
        this.pos++;
        value = null;
      } else if (v.kind === "ident" && v.value.toUpperCase() === "DEFAULT") {
        this.pos++;
        value = null;
      } else if (v.kind === "string" || v.kind === "number" || v.kind === "ident") {
        this.pos++;
        value = v.value;
      } else if (v.kind === "op" && v.value === "-" && this.peek(1).kind === "number") {
        this.pos += 2;
        value = "-" + this.toks[this.pos - 1].value;
      } else return this.fail();
      items.push({ name: name.toLowerCase(), value, user });
    } while (this.acceptOp(","));
    this.expectEnd();
    return { kind: "setVariables", items };
  }
}

export function parseStatement(sql: string, oracleMode = false, allowHint = true, cancelRestore = true): Command {
  return new Parser(sql, oracleMode, allowHint, cancelRestore).parse();
}
