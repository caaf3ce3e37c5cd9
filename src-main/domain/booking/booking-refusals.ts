// Ways a booking or a check-in can be refused, with the words citizens see.
export const BOOKING_REFUSALS = {
  SLOT_NOT_OFFERED: { zh: '该时段不提供预约', en: 'That time slot is not offered' },
  SLOT_IN_PAST: { zh: '该时段已开始或已结束', en: 'That time slot has already started' },
  BEYOND_BOOKING_WINDOW: { zh: '只能预约近期的时段', en: 'That day is too far ahead to book' },
  SLOT_FULL: { zh: '该时段已约满', en: 'That time slot is fully booked' },
  ALREADY_BOOKED: { zh: '您当天已预约过该类业务', en: 'You already have a booking for this category that day' },
  BOOKING_BANNED: { zh: '因多次预约未到，暂停预约', en: 'Booking is suspended after repeated no-shows' },
  NO_SUCH_BOOKING: { zh: '没有找到该预约', en: 'No such booking' },
  BOOKING_NOT_OPEN: { zh: '该预约已签到、取消或失效', en: 'The booking is already checked in, cancelled or over' },
  CHECK_IN_TOO_EARLY: { zh: '还未到签到时间', en: 'Too early to check in' },
  CHECK_IN_TOO_LATE: { zh: '预约时段已过，无法签到', en: 'The booked time slot is over; check-in is closed' },
  BOOKING_CODE_TAKEN: { zh: '预约码冲突，请重试', en: 'Booking code already in use; try again' },
  REMOTE_SHARE_REACHED: { zh: '今日网上取号名额已满，请到现场取号', en: 'Remote numbers for today are all taken; take one at the hall' },
} as const satisfies Record<string, { zh: string; en: string }>;

export type BookingRefusalCode = keyof typeof BOOKING_REFUSALS;
