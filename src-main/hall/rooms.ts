// Every room name starts with the hall id: one server can carry several halls without crosstalk.
export const rooms = {
  displays: (hallId: string) => `h:${hallId}:displays`,
  counters: (hallId: string) => `h:${hallId}:counters`,
  kiosks: (hallId: string) => `h:${hallId}:kiosks`,
  /** Admins and supervisors: everyone who watches the whole hall (and its alerts). */
  admins: (hallId: string) => `h:${hallId}:admins`,
  window: (hallId: string, windowId: number) => `h:${hallId}:w:${windowId}`,
  category: (hallId: string, categoryId: string) => `h:${hallId}:c:${categoryId}`,
  ticket: (hallId: string, ticketId: string) => `h:${hallId}:t:${ticketId}`,
  /** A staff account's connections: the cases it answers for. */
  staff: (hallId: string, username: string) => `h:${hallId}:u:${username}`,
};
