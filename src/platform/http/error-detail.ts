import type { AppError, ErrorCode } from '../errors.js';
import { isLocale, translator } from '../i18n/i18n.js';

/**
 * The `detail` of an error in the reader's language. Services write the detail in English (it is
 * also what operators read); the `code` never changes. Another locale gets, in order: the
 * translation of that exact English text when it is a known fixed message (below), else the
 * translated general text of the code (`errors.code_<code>` in src/locales/<lang>/errors.json):
 * less specific than the English detail, but in the reader's language. A message that needs its
 * own translation gets a line here and keys in all four locales.
 */
const KNOWN_DETAILS: Record<string, string> = {
  'There is nothing at this address.': 'errors.detail_nothing_here',
  'Send the body as application/json.': 'errors.detail_send_json',
  'The request body is empty.': 'errors.detail_body_empty',
  'The request body is not valid JSON.': 'errors.detail_body_not_json',
  'This form has expired. Reload the page and try again.': 'errors.detail_form_expired',
  'The file is too large.': 'errors.detail_file_too_large',
  'Send one file at a time.': 'errors.detail_one_file',
  'Send the file as multipart/form-data.': 'errors.detail_send_multipart',
  'The request body is too large.': 'errors.detail_body_too_large',
  'Someone else changed the same records at the same moment. Try again.': 'errors.detail_concurrent_change',
  'This account has been disabled. Ask an administrator if you think this is a mistake.': 'errors.detail_account_disabled',
  'The password is not correct.': 'errors.detail_password_wrong',
  'This link has expired or was already used. Ask for a new one.': 'errors.detail_link_expired_ask',
  'A signed note never changes. Write an amendment instead.': 'errors.detail_note_signed',
  'The cursor is not valid.': 'errors.detail_cursor_invalid',
  'Some fields need attention.': 'errors.code_validation_failed',
  'Sign in to continue.': 'errors.code_not_authenticated',
  'The sign-in details are not correct.': 'errors.code_invalid_credentials',
  'Enter the code from your authenticator app, or a recovery code.': 'errors.code_mfa_required',
  'That code is not right, or it was already used.': 'errors.code_mfa_invalid',
  'You do not have permission to do this.': 'errors.code_forbidden',
  'Confirm your e-mail address first: open the link we sent you.': 'errors.code_email_not_verified',
  'Set up two-factor sign-in before you continue.': 'errors.code_mfa_enrollment_required',
  'What you asked for was not found.': 'errors.code_not_found',
  'This address does not accept this method.': 'errors.code_method_not_allowed',
  'This address cannot answer in the format asked for.': 'errors.code_not_acceptable',
  'This conflicts with the current state of the records. Reload and try again.': 'errors.code_conflict',
  'This looks like a record that already exists.': 'errors.code_possible_duplicate',
  'This time was just booked by someone else.': 'errors.code_slot_taken',
  'The room is already booked at this time.': 'errors.code_room_taken',
  'The patient already has an appointment at this time.': 'errors.code_patient_busy',
  'A signed record never changes. Write an amendment instead.': 'errors.code_record_signed',
  'This link has expired or was already used.': 'errors.code_token_expired',
  'Someone else changed this record since you loaded it. Reload and apply your change again.': 'errors.code_version_mismatch',
  'The request is too large.': 'errors.code_payload_too_large',
  'This kind of content is not accepted here.': 'errors.code_unsupported_media_type',
  'The requested part of the file cannot be served.': 'errors.code_range_not_satisfiable',
  'The request cannot be carried out as it is.': 'errors.code_unprocessable',
  'This time is already in the past.': 'errors.code_slot_in_past',
  'This time is outside the clinician\u2019s working hours.': 'errors.code_outside_availability',
  'This Idempotency-Key was already used for a different request.': 'errors.code_idempotency_key_reused',
  'Give a reason to override each critical or high-priority alert before signing.': 'errors.code_override_required',
  'Send If-Match with the version you are changing.': 'errors.code_precondition_required',
  'Too many attempts. Wait a moment and try again.': 'errors.code_rate_limited',
  'Something went wrong on our side. Try again in a moment.': 'errors.code_internal_error',
  'The service is busy. Try again in a moment.': 'errors.code_service_unavailable',
  'The service is briefly unavailable. Try again in a moment.': 'errors.code_database_unavailable',
};

export function localisedDetail(error: Pick<AppError, 'code' | 'detail'>, locale: string): string {
  if (!isLocale(locale) || locale === 'en') return error.detail;
  const t = translator(locale);
  return t(KNOWN_DETAILS[error.detail] ?? codeKey(error.code));
}

export const codeKey = (code: ErrorCode): string => `errors.code_${code}`;

/**
 * For a message shown beside a form: the translation when the text is a known one, else the
 * specific English text as written (a person has to act on it; the general text of the code would
 * not say what to change).
 */
export function knownDetail(detail: string, locale: string): string {
  const key = KNOWN_DETAILS[detail];
  return key && isLocale(locale) && locale !== 'en' ? translator(locale)(key) : detail;
}
