export {
  AesGcmCodec,
  contextWorkflowId,
  ENCRYPTED_ENCODING,
  ENCRYPTION_ALGORITHM,
  EncryptionKeyError,
  encryptedKeyId,
  KEY_ID_METADATA,
  KeylessCodec,
  missingKeyMessage,
  SEAL_FORMAT,
  SEAL_FORMAT_METADATA,
  SealRefusedError,
  sealedWorkflowId,
  WORKFLOW_ID_METADATA,
} from './aes-gcm-codec.js';
export type { AesGcmCodecOptions, Keyring, SealRefusal } from './aes-gcm-codec.js';
export {
  acceptUnsealedFromEnvironment,
  codecFromEnvironment,
  dataConverterFromEnvironment,
  dataConverterWith,
  EncryptionConfigError,
  KeyringFileSchema,
  keyringFromEnvironment,
  readKeyringFile,
} from './keyring.js';
export { CodecRequestSchema, startCodecServer } from './codec-server.js';
export type { CodecServer, CodecServerOptions } from './codec-server.js';
export { payloadFromJson, payloadToJson } from './payload-json.js';
export type { PayloadJson } from './payload-json.js';
