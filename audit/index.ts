export { archiveClosedCases, archiveDir, archivePath, CLOSED_CASES_QUERY, readArchived } from './archive.js';
export type { ArchiveOutcome } from './archive.js';
export { caseAt, MomentOutOfRangeError } from './at.js';
export type { CaseAt, DeadlineAt, EntryRef, WithdrawnEntry } from './at.js';
export { engineInfo } from './engine.js';
export type { EngineInfo } from './engine.js';
export {
  AUDIT_EXPORT_FORMAT,
  AUDIT_EXPORT_FORMAT_VERSION,
  AuditExportSchema,
  AuditFileError,
  auditExportText,
  exportCase,
  openExport,
  parseAuditExport,
  readAuditExport,
  writeAuditExport,
} from './export.js';
export type { AuditExport } from './export.js';
export { encryptionOf, openHistories, sealedKeyId } from './encryption.js';
export { followCase, isOpen } from './follow.js';
export type { FollowEnd, FollowOptions } from './follow.js';
export type { ExportEncryption } from './encryption.js';
export { attestedJournal, completedViewOf, decodePayload, fetchRunChain } from './history.js';
export type { AttestedEntry, AttestedHead, AttestedJournal, HistoryJson, RunHistory } from './history.js';
export { calendarDays, local, MomentError, parseMoment } from './moment.js';
export { replayJournal } from './replay.js';
export type { JournalReplay, ReplayFinding } from './replay.js';
export { buildReport, renderHtml, renderText } from './report.js';
export type { AuditReport } from './report.js';
export { CaseUnavailableError, describeSource, isFileArgument, loadExport, withTemporal } from './source.js';
export type { ExportSource, SourceOptions } from './source.js';
export { checkSealing } from './sealing.js';
export type { SealFinding, SealingCheck } from './sealing.js';
export { checkAgainstHistory, checkChain, replayExports, verifyExports } from './verify.js';
export type { ChainCheck, HistoryCheck, ReplayCode, RunReplay, VerifyResult } from './verify.js';
export { archiveIntervalMs, scheduleArchiving } from './archive-schedule.js';
