import type { CaseVerb, RatingCaseView } from '../../src-main/contracts';

export type CallbackAnswer = NonNullable<RatingCaseView['callback']>['answer'];

// The forms behind the case's buttons: what each asks, what it sends, and what is missing, checked here
// as the hall checks it (src-main/contracts/cases.ts) so the dialog says so before sending.

export const CALLBACK_ANSWERS: readonly CallbackAnswer[] = ['satisfied', 'basic', 'dissatisfied'];

export interface ActionForm {
  /** 核实情况 / 申诉理由 / 决定、复核、关闭的说明. */
  note: string;
  /** decideAppeal: upheld (申诉成立); review: approved (复核通过). */
  choice: 'yes' | 'no' | null;
  /** answer: 整改措施. */
  rectification: string;
  /** answer, real-name only: the citizen's answer on the callback. */
  callbackAnswer: CallbackAnswer | null;
  callbackNote: string;
}

export const emptyForm = (): ActionForm => ({ note: '', choice: null, rectification: '', callbackAnswer: null, callbackNote: '' });

export type FormField = 'note' | 'choice' | 'rectification' | 'callbackAnswer' | 'callbackNote';
export interface FormProblem {
  field: FormField;
  /** i18n key under cases.problem. */
  key: 'required' | 'tooShort' | 'tooLong' | 'choose' | 'callbackAnswer';
  params: Record<string, number>;
}

/** What each verb's note means, its length limits, and whether it is needed at all. */
export const NOTE_RULES: Record<CaseVerb, { min: number; max: number } | null> = {
  verify: { min: 2, max: 500 },
  appeal: { min: 5, max: 500 },
  decideAppeal: { min: 2, max: 500 },
  answer: null,
  review: { min: 2, max: 500 },
  close: { min: 0, max: 500 },
};
export const RECTIFICATION = { min: 5, max: 1000 };
export const CALLBACK_NOTE_MAX = 500;

/** Whether the answer of this case needs the callback (a real-name rating) or cannot have one. */
export const needsCallback = (c: Pick<RatingCaseView, 'realName'>): boolean => c.realName;

function length(field: FormField, text: string, min: number, max: number): FormProblem | null {
  const n = text.trim().length;
  if (min > 0 && n === 0) return { field, key: 'required', params: {} };
  if (n < min) return { field, key: 'tooShort', params: { min } };
  if (n > max) return { field, key: 'tooLong', params: { max } };
  return null;
}

export type ActionBody =
  | { verb: 'verify'; body: { note: string } }
  | { verb: 'appeal'; body: { reason: string } }
  | { verb: 'decideAppeal'; body: { upheld: boolean; note: string } }
  | { verb: 'answer'; body: { rectification: string; callback: { answer: CallbackAnswer; note: string } | null } }
  | { verb: 'review'; body: { approved: boolean; note: string } }
  | { verb: 'close'; body: { note: string } };

/** The payload of the verb (without requestId and caseId), or every problem of the form. */
export function actionBody(verb: CaseVerb, form: ActionForm, c: Pick<RatingCaseView, 'realName'>): { ok: true; action: ActionBody } | { ok: false; problems: FormProblem[] } {
  const problems: FormProblem[] = [];
  const add = (p: FormProblem | null) => p && problems.push(p);
  const rule = NOTE_RULES[verb];
  if (rule) add(length('note', form.note, rule.min, rule.max));
  if ((verb === 'decideAppeal' || verb === 'review') && form.choice === null) add({ field: 'choice', key: 'choose', params: {} });
  if (verb === 'answer') {
    add(length('rectification', form.rectification, RECTIFICATION.min, RECTIFICATION.max));
    if (needsCallback(c)) {
      if (!form.callbackAnswer) add({ field: 'callbackAnswer', key: 'callbackAnswer', params: {} });
      add(length('callbackNote', form.callbackNote, 0, CALLBACK_NOTE_MAX));
    }
  }
  if (problems.length > 0) return { ok: false, problems };
  const note = form.note.trim();
  switch (verb) {
    case 'verify':
      return { ok: true, action: { verb, body: { note } } };
    case 'appeal':
      return { ok: true, action: { verb, body: { reason: note } } };
    case 'decideAppeal':
      return { ok: true, action: { verb, body: { upheld: form.choice === 'yes', note } } };
    case 'answer':
      return {
        ok: true,
        action: {
          verb,
          body: {
            rectification: form.rectification.trim(),
            callback: needsCallback(c) ? { answer: form.callbackAnswer!, note: form.callbackNote.trim() } : null,
          },
        },
      };
    case 'review':
      return { ok: true, action: { verb, body: { approved: form.choice === 'yes', note } } };
    case 'close':
      return { ok: true, action: { verb, body: { note } } };
  }
}

/** The socket event of a verb. */
export const VERB_EVENTS = {
  verify: 'case:verify',
  appeal: 'case:appeal',
  decideAppeal: 'case:decideAppeal',
  answer: 'case:answer',
  review: 'case:review',
  close: 'case:close',
} as const satisfies Record<CaseVerb, string>;

/**
 * The request id of a dialog's send: kept while the outcome of the last send is unknown (timeout, offline)
 * and the form is the same, so a retry cannot act twice; a new one otherwise.
 */
export function requestIdFor(last: { id: string; form: string } | null, form: string, lastCode: string | null, fresh: () => string): { id: string; form: string } {
  const unknown = lastCode === 'TIMEOUT' || lastCode === 'OFFLINE';
  return last && unknown && last.form === form ? last : { id: fresh(), form };
}
