export {
  AesGcmCodec,
  ENCRYPTED_ENCODING,
  ENCRYPTION_ALGORITHM,
  EncryptionKeyError,
  encryptedKeyId,
  KEY_ID_METADATA,
  KeylessCodec,
  missingKeyMessage,
} from './aes-gcm-codec.js';
export type { Keyring } from './aes-gcm-codec.js';
export {
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
