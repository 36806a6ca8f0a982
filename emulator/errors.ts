// OceanBase error codes as the MySQL protocol carries them (reference §4, from ob_errno.def).
// An OB code whose MySQL errno column is -1 reaches the client as the OB code without its sign.

export interface ErrorDef {
  obCode: number;
  mysqlErrno: number; // -1: use -obCode
  sqlState: string;
  message: string;
  /** the code's own Oracle error (DEFINE_ORACLE_ERROR); without one, Oracle mode answers ORA-00600 (§2.10) */
  oracle?: OracleMapping;
}

export interface OracleMapping {
  /** the ORA-NNNNN number, sent as the errno */
  errno: number;
  sqlState: string;
  /** fixed Oracle text; without it the MySQL-mode message follows the prefix */
  message?: string;
}

const def = (obCode: number, mysqlErrno: number, sqlState: string, message: string, oracle?: OracleMapping): ErrorDef => ({
  obCode,
  mysqlErrno,
  sqlState,
  message,
  oracle,
});

export const OB = {
  INVALID_ARGUMENT: def(-4002, 1210, "HY000", "Invalid argument"),
  NOT_SUPPORTED: def(-4007, 1235, "0A000", "Not supported feature or function"),
  ERR_UNEXPECTED: def(-4016, -1, "HY000", "Internal error"),
  CANCELED: def(-4072, -1, "HY000", "Operation canceled"),
  OP_NOT_ALLOW: def(-4179, -1, "HY000", "Operation not allowed now"),
  ERR_PARSE_SQL: def(-5001, 1064, "42000", "Parse error", { errno: 900, sqlState: "42000" }),
  ERR_PRIMARY_KEY_DUPLICATE: def(-5024, 1062, "23000", "Duplicated primary key", {
    errno: 1,
    sqlState: "23000",
    message: "unique constraint violated",
  }),
  ERR_BAD_FIELD: def(-5217, 1054, "42S22", "Unknown column", { errno: 904, sqlState: "42S22" }),
  ERR_FUNCTION_NOT_EXIST: def(-5055, 1305, "42000", "FUNCTION does not exist"),
  INVALID_ARGUMENT_NUM: def(-4161, -1, "HY000", "Invalid argument num"),
  ERR_NO_PRIVILEGE: def(-5036, 1227, "42501", "Access denied"),
  TABLE_NOT_EXIST: def(-5019, 1146, "42S02", "Table doesn't exist", {
    errno: 942,
    sqlState: "42S02",
    message: "table or view does not exist",
  }),
  ERR_NO_DB_SELECTED: def(-5154, 1046, "3D000", "No database selected"),
  ERR_BAD_DATABASE: def(-5155, 1049, "42000", "Unknown database", { errno: 1435, sqlState: "42000", message: "user does not exist" }),
  ERR_NON_UPDATABLE_TABLE: def(-5117, 1288, "HY000", "The target table is not updatable"),
  ERR_UNKNOWN_SYS_VAR: def(-5044, 1193, "HY000", "Unknown system variable"),
  ERR_INVALID_TENANT_NAME: def(-5160, -1, "HY000", "invalid tenant name specified in connection string"),
  CANNOT_START_LOG_ARCHIVE_BACKUP: def(-9023, -1, "HY000", "cannot start log archive backup"),
  INVALID_BACKUP_DEST: def(-9026, -1, "HY000", "backup destination is not valid"),
  LOG_ARCHIVE_INTERRUPTED: def(-9027, -1, "HY000", "ob log archive interrupted"),
  LOG_ARCHIVE_NOT_RUNNING: def(-9029, -1, "HY000", "log archive is not running"),
  BACKUP_IN_PROGRESS: def(-9036, -1, "HY000", "Backup is in progress"),
  BACKUP_CAN_NOT_START: def(-9040, -1, "HY000", "backup can not start"),
  BACKUP_DEST_NOT_CONNECT: def(-9070, -1, "HY000", "can not connect to backup destination"),
  BACKUP_FORMAT_FILE_NOT_EXIST: def(-9080, -1, "HY000", "format file does not exist"),
  BACKUP_FORMAT_FILE_NOT_MATCH: def(-9081, -1, "HY000", "format file does not match"),
  ALREADY_IN_ARCHIVE_MODE: def(-9091, -1, "HY000", "Already in ARCHIVELOG mode"),
  ALREADY_IN_NOARCHIVE_MODE: def(-9092, -1, "HY000", "Already in NOARCHIVELOG mode"),
  ACCESS_DENIED: def(-5039, 1045, "28000", "Access denied for user"),
  // restore and resource statements (restore research §5.1)
  TIMEOUT: def(-4012, -1, "HY000", "Timeout"),
  ENTRY_NOT_EXIST: def(-4018, -1, "HY000", "Entry not exist"),
  SIZE_OVERFLOW: def(-4019, -1, "HY000", "Size overflow"),
  MISS_ARGUMENT: def(-4277, 1210, "HY000", "Miss argument"),
  ZONE_INFO_NOT_EXIST: def(-4530, -1, "HY000", "Zone info not exist"),
  RESOURCE_POOL_ALREADY_GRANTED: def(-4626, -1, "HY000", "resource pool has already been granted to a tenant"),
  RESOURCE_UNIT_IS_REFERENCED: def(-4634, -1, "HY000", "resource unit is referenced by resource pool"),
  RESOURCE_UNIT_NOT_EXIST: def(-4648, -1, "HY000", "resource unit not exist"),
  RESOURCE_UNIT_EXIST: def(-4649, -1, "HY000", "resource unit already exist"),
  RESOURCE_POOL_NOT_EXIST: def(-4650, -1, "HY000", "resource pool not exist"),
  RESOURCE_POOL_EXIST: def(-4651, -1, "HY000", "resource pool already exist"),
  RESOURCE_UNIT_VALUE_BELOW_LIMIT: def(-4659, -1, "HY000", "resource unit value is below limit"),
  ZONE_RESOURCE_NOT_ENOUGH: def(-4733, -1, "HY000", "zone resource is not enough to hold new units"),
  TENANT_EXIST: def(-5156, -1, "HY000", "tenant already exist"),
  TENANT_NOT_EXIST: def(-5157, -1, "HY000", "Unknown tenant"),
  BACKUP_FILE_NOT_EXIST: def(-9011, -1, "HY000", "cannot find backup file"),
  RESTORE_IN_PROGRESS: def(-9014, -1, "HY000", "Another restore is in progress"),
  BACKUP_INVALID_PASSWORD: def(-9047, -1, "HY000", "invalid password for backup"),
  LS_RESTORE_FAILED: def(-9094, -1, "HY000", "Restore log stream failed"),
  RESTORE_TENANT_FAILED: def(-9099, -1, "HY000", "restore tenant failed"),
} as const;

/** An error the emulator answers with; `message` is what the client sees (a LOG_USER_ERROR text or the plain one). */
export class ObError extends Error {
  readonly obCode: number;
  readonly errno: number;
  readonly sqlState: string;
  readonly oracle: OracleMapping | null;

  /** `oracleMessage`: the Oracle-mode text when the code's Oracle message takes parameters (e.g. ORA-00904). */
  constructor(
    d: ErrorDef,
    message?: string,
    readonly oracleMessage?: string,
  ) {
    super(message ?? d.message);
    this.obCode = d.obCode;
    this.errno = d.mysqlErrno === -1 ? -d.obCode : d.mysqlErrno;
    this.sqlState = d.sqlState;
    this.oracle = d.oracle ?? null;
  }
}

/** `%s not supported`: OB_NOT_SUPPORTED with a LOG_USER_ERROR text. */
export const notSupported = (what?: string): ObError =>
  new ObError(OB.NOT_SUPPORTED, what === undefined ? undefined : `${what} not supported`);

/** `backup can not start, because %s` (9040); without a reason the plain text. */
export const backupCanNotStart = (because?: string): ObError =>
  new ObError(OB.BACKUP_CAN_NOT_START, because === undefined ? undefined : `backup can not start, because ${because}`);

export const parseError = (near: string, line = 1): ObError =>
  new ObError(
    OB.ERR_PARSE_SQL,
    `You have an error in your SQL syntax; check the manual that corresponds to your OceanBase version for the right syntax to use near '${near}' at line ${line}`,
  );

export const noPrivilege = (): ObError => new ObError(OB.ERR_NO_PRIVILEGE);

export const invalidTenantName = (): ObError => new ObError(OB.ERR_INVALID_TENANT_NAME);

/** ob_strerror(code): the plain text OceanBase writes into a task's COMMENT when it ends with that result. */
export function strerror(obCode: number): string {
  return Object.values(OB).find((d) => d.obCode === obCode)?.message ?? "Unknown error";
}

/** The OB_… name of a code, as RootService writes it into a job comment (e.g. OB_TENANT_NOT_EXIST). */
export function obErrorName(obCode: number): string {
  const key = Object.keys(OB).find((k) => OB[k as keyof typeof OB].obCode === obCode);
  return key === undefined ? "OB_ERROR" : `OB_${key}`;
}

/** The code of an OB_… name (with or without the OB_ prefix), or undefined. */
export function obErrorCode(name: string): number | undefined {
  const key = name.toUpperCase().replace(/^OB_/, "");
  return (OB as Record<string, ErrorDef>)[key]?.obCode;
}
