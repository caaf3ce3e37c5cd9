/** Command and parameter bytes of the SAM_V reader interface (GA 467 family, see docs/HARDWARE.md). */
export const SAMV_COMMANDS = {
  samStatus: { cmd: 0x11, para: 0xff, name: 'SAM status' },
  readSamId: { cmd: 0x12, para: 0xff, name: 'read SAM id' },
  findCard: { cmd: 0x20, para: 0x01, name: 'find card' },
  selectCard: { cmd: 0x20, para: 0x02, name: 'select card' },
  readText: { cmd: 0x30, para: 0x01, name: 'read text and photo' },
  readTextWithFingerprint: { cmd: 0x30, para: 0x10, name: 'read text, photo and fingerprint' },
} as const;

export type SamvCommandName = keyof typeof SAMV_COMMANDS;

export const SAMV_STATUS = {
  OK: 0x90,
  FIND_OK: 0x9f,
  ITEM_EMPTY: 0x91,
  FRAME_CHECKSUM_ERROR: 0x10,
  FRAME_LENGTH_ERROR: 0x11,
  COMMAND_ERROR: 0x21,
  UNAUTHORIZED: 0x23,
  UNRECOGNIZED_ERROR: 0x24,
  CARD_AUTH_SAM_FAILED: 0x31,
  SAM_AUTH_CARD_FAILED: 0x32,
  INFO_VERIFY_FAILED: 0x33,
  UNKNOWN_CARD_TYPE: 0x40,
  READ_FAILED: 0x41,
  RANDOM_FAILED: 0x47,
  SAM_SELF_TEST_FAILED: 0x60,
  SAM_UNAUTHORIZED: 0x66,
  FIND_FAILED: 0x80,
  SELECT_FAILED: 0x81,
} as const;
