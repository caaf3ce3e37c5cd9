// Answers given unchanged to many clients (the free slots of a category, a waiting ticket's position) are
// marked here when they are made; they are never changed afterwards, only replaced. The transport may then
// encode each once, instead of once per client that asks: a flood of identical questions costs little.

const shared = new WeakSet<object>();

export function shareAnswer<T extends object>(answer: T): T {
  shared.add(answer);
  return answer;
}

export function isSharedAnswer(x: unknown): x is object {
  return typeof x === 'object' && x !== null && shared.has(x);
}
