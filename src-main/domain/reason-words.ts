// The hall's default pause and low-rating reasons in English. Reasons are the hall's own Chinese words in
// its config; one it added itself has no English and is shown as it is.

const REASONS_EN: Readonly<Record<string, string>> = {
  休息: 'break',
  业务咨询: 'consultation',
  会议: 'meeting',
  培训: 'training',
  系统故障: 'system fault',
  等候时间长: 'long wait',
  办事效率低: 'slow service',
  服务态度差: 'poor attitude',
  政策解释不清: 'unclear policy explanation',
  材料要求反复: 'repeated requests for documents',
};

/** A reason as an English reader sees it: the translation of a default one, otherwise the hall's words. */
export function reasonEn(reason: string): string {
  return REASONS_EN[reason] ?? reason;
}
