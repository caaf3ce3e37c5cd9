// The hall's default pause and low-rating reasons in English. Reasons are the hall's own Chinese words in
// its config; one it added itself has no English and is shown as it is.

const REASONS_EN: Readonly<Record<string, string>> = {
  休息: 'Break',
  业务咨询: 'Consultation',
  会议: 'Meeting',
  培训: 'Training',
  系统故障: 'System fault',
  等候时间长: 'Long wait',
  办事效率低: 'Slow service',
  服务态度差: 'Poor attitude',
  政策解释不清: 'Unclear policy explanation',
  材料要求反复: 'Repeated requests for documents',
};

/** A reason as an English reader sees it: the translation of a default one, otherwise the hall's words. */
export function reasonEn(reason: string): string {
  return REASONS_EN[reason] ?? reason;
}
