import { errorFactory } from '../serial/device-error';

/** Reader status texts follow the SAM_V status table (see docs/HARDWARE.md), phrased for citizens where they see them. */
export const IDCARD_ERRORS = {
  IDCARD_NO_CARD: { message: '未放置身份证', messageEn: 'No card on the reader' },
  IDCARD_SELECT_FAILED: { message: '选卡失败，请重新放置身份证', messageEn: 'Could not select the card; place it on the reader again' },
  IDCARD_READ_FAILED: { message: '读卡失败，请勿移动身份证', messageEn: 'Reading the card failed; keep the card still on the reader' },
  IDCARD_ITEM_EMPTY: { message: '证/卡中此项无内容', messageEn: 'The card holds no data for this item' },
  IDCARD_FRAME_CHECKSUM_REJECTED: { message: '阅读器收到的数据校验和错误', messageEn: 'The reader rejected the checksum of our command' },
  IDCARD_FRAME_LENGTH_REJECTED: { message: '阅读器收到的数据长度错误', messageEn: 'The reader rejected the length of our command' },
  IDCARD_COMMAND_REJECTED: { message: '阅读器不支持该命令', messageEn: 'The reader rejected the command' },
  IDCARD_UNAUTHORIZED_OPERATION: { message: '阅读器报告越权操作', messageEn: 'The reader refused an unauthorised operation' },
  IDCARD_UNRECOGNIZED_ERROR: { message: '阅读器报告无法识别的错误', messageEn: 'The reader reported an unrecognised error' },
  IDCARD_CARD_AUTH_FAILED: { message: '证/卡认证安全模块失败', messageEn: 'The card failed to authenticate the security module' },
  IDCARD_SAM_AUTH_FAILED: { message: '安全模块认证证/卡失败，证件可能不是真证', messageEn: 'The security module failed to authenticate the card; it may not be genuine' },
  IDCARD_INFO_VERIFY_FAILED: { message: '证件信息验证错误', messageEn: 'The card data failed verification' },
  IDCARD_UNKNOWN_CARD_TYPE: { message: '阅读器无法识别的卡类型', messageEn: 'The reader does not recognise this type of card' },
  IDCARD_RANDOM_FAILED: { message: '取随机数失败', messageEn: 'The reader failed to get a random number from the card' },
  IDCARD_SAM_SELF_TEST_FAILED: { message: '安全模块自检失败', messageEn: 'The security module failed its self-test' },
  IDCARD_SAM_UNAUTHORIZED: { message: '安全模块未经授权', messageEn: 'The security module is not authorised' },
  IDCARD_UNKNOWN_STATUS: { message: '阅读器返回未知状态码', messageEn: 'The reader returned an unknown status code' },
  IDCARD_UNEXPECTED_STATUS: { message: '阅读器返回的状态与命令不符', messageEn: 'The reader returned a status that does not fit the command' },
  IDCARD_TIMEOUT: { message: '身份证阅读器无响应', messageEn: 'The ID card reader did not answer' },
  IDCARD_CORRUPT_REPLY: { message: '身份证阅读器返回的数据损坏', messageEn: 'The ID card reader sent a corrupt reply' },
  IDCARD_BAD_READ_REPLY: { message: '读卡返回的数据长度不符', messageEn: 'The card data in the reply has unexpected lengths' },
  IDCARD_BAD_TEXT_BLOCK: { message: '证件文字信息无法解析', messageEn: 'The text block of the card could not be parsed' },
  IDCARD_DRIVER_ERROR: { message: '读卡程序内部错误', messageEn: 'Internal error in the ID card driver' },
  IDCARD_UNSUPPORTED_CARD_TYPE: { message: '不支持的证件类型', messageEn: 'Unsupported kind of card' },
} as const;

export type IdCardErrorCode = keyof typeof IDCARD_ERRORS;

export const idcardError = errorFactory(IDCARD_ERRORS);
