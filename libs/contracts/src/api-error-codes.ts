/**
 * Every `error` code the HTTP APIs answer with, the status it comes with and what it means. The
 * OpenAPI documents list each operation's codes from here, and the console UI's messages are typed
 * against the console's share of them (the `ApiErrorCode` schema its generated types hold).
 */
export const API_ERROR_CODES = {
  // Both services
  INVALID_BODY: { status: 400, api: 'both', meaning: 'the body is not JSON, or breaks the schema; each field in issues' },
  // The console
  INVALID_QUERY: { status: 400, api: 'console', meaning: 'a query parameter breaks the schema, or the cursor is not one this API returned' },
  INVALID_ID: { status: 400, api: 'console', meaning: 'a path parameter is not a valid id' },
  INVALID_RULE_CHANGE: { status: 400, api: 'console', meaning: 'the rule-set change leaves the rules invalid' },
  WRONG_PASSWORD: { status: 400, api: 'console', meaning: 'currentPassword is not the current password' },
  SEARCH_TERM_INVALID: { status: 400, api: 'console', meaning: 'the search term is no reference code, account, phone or email' },
  ROLLBACK_NOT_EARLIER: { status: 400, api: 'console', meaning: 'the version to roll back to is not earlier than the live one' },
  ROLLBACK_NO_CHANGE: { status: 400, api: 'console', meaning: 'the version to roll back to has the live settings' },
  BACKTEST_TOO_LONG: { status: 400, api: 'console', meaning: 'a backtest covers more days than allowed' },
  EXPORT_TOO_LARGE: { status: 400, api: 'console', meaning: 'the filters select more cases than an export holds' },
  TOO_MANY_FILTERS: { status: 400, api: 'console', meaning: 'the analyst has as many saved filters as there can be' },
  NOT_AUTHENTICATED: { status: 401, api: 'console', meaning: 'no live session' },
  INVALID_CREDENTIALS: { status: 401, api: 'console', meaning: 'wrong username or password' },
  CSRF_TOKEN_INVALID: { status: 403, api: 'console', meaning: 'a POST, PATCH or DELETE without the x-csrf-token of the session' },
  ROLE_REQUIRED: { status: 403, api: 'console', meaning: "the route needs a role above the analyst's" },
  OWN_APPROVAL: { status: 403, api: 'console', meaning: 'the requester of a four-eyes request cannot approve or reject it; a second person does' },
  FILTER_NOT_YOURS: { status: 403, api: 'console', meaning: "the saved filter is a teammate's, shared with the team: only its owner changes or deletes it" },
  SUPERVISOR_REQUIRED: { status: 403, api: 'console', meaning: 'a snooze this long needs a supervisor' },
  CASE_NOT_FOUND: { status: 404, api: 'console', meaning: 'no case with this id' },
  ANALYST_NOT_FOUND: { status: 404, api: 'console', meaning: 'no analyst with this id' },
  FIELD_NOT_FOUND: { status: 404, api: 'console', meaning: "the case's account has no such field to reveal" },
  ENTITY_NOT_FOUND: { status: 404, api: 'console', meaning: 'no account is linked to this entity' },
  MERCHANT_NOT_FOUND: { status: 404, api: 'console', meaning: 'no flags for this merchant' },
  RULE_SET_NOT_FOUND: { status: 404, api: 'console', meaning: 'no rule-set version with this number' },
  SNOOZE_NOT_FOUND: { status: 404, api: 'console', meaning: 'no snooze with this id' },
  APPROVAL_NOT_FOUND: { status: 404, api: 'console', meaning: 'no approval request with this id' },
  RING_GROUP_NOT_FOUND: { status: 404, api: 'console', meaning: 'no ring investigation with this id' },
  FILTER_NOT_FOUND: { status: 404, api: 'console', meaning: "no saved filter with this id of the analyst's or their team's" },
  CASE_HELD: { status: 409, api: 'console', meaning: 'another analyst holds the case; holder names them' },
  ESCALATED: { status: 403, api: 'console', meaning: 'the case was escalated to a supervisor: a supervisor works it, or the analyst a supervisor assigns it to' },
  CASE_RESOLVED: { status: 409, api: 'console', meaning: 'the case is resolved, and resolved cases are final' },
  INVALID_TRANSITION: { status: 409, api: 'console', meaning: 'the case cannot move from its status to the one asked' },
  NOT_RESOLVED: { status: 409, api: 'console', meaning: 'only a resolved case can be reopened' },
  ANOTHER_CASE_OPEN: { status: 409, api: 'console', meaning: 'the account has another case open' },
  RULE_SET_CHANGED: { status: 409, api: 'console', meaning: 'the live rule set is not expectedVersion, or changed meanwhile' },
  USERNAME_TAKEN: { status: 409, api: 'console', meaning: 'an analyst with this username exists' },
  SELF_LOCKOUT: { status: 409, api: 'console', meaning: 'an admin may not disable or demote their own account' },
  SNOOZE_LIFTED: { status: 409, api: 'console', meaning: 'the snooze was lifted already' },
  NO_TEAM: { status: 409, api: 'console', meaning: 'the analyst is in no team to share a filter with' },
  FILTER_NAME_TAKEN: { status: 409, api: 'console', meaning: 'the analyst has a filter with this name' },
  APPROVAL_PENDING: { status: 409, api: 'console', meaning: 'a request on this case or the rule set awaits a second approval already' },
  APPROVAL_DECIDED: { status: 409, api: 'console', meaning: 'the approval request was approved or rejected already' },
  BACKTEST_TOO_LARGE: { status: 422, api: 'console', meaning: 'the days asked hold more events than a backtest may read' },
  BACKTEST_TIMEOUT: { status: 422, api: 'console', meaning: 'the backtest ran out of time' },
  BACKTEST_BUSY: {
    status: 429,
    api: 'console',
    meaning: 'another backtest is running on this console; retryAfterSeconds and Retry-After say when it ends at the latest',
  },
  TOO_MANY_ATTEMPTS: {
    status: 429,
    api: 'console',
    meaning: 'over LOGIN_RATE_LIMIT login attempts a minute from this IP; retryAfterSeconds and Retry-After say when to try again',
  },
  // The gateway
  EMPTY_BATCH: { status: 400, api: 'gateway', meaning: 'the request holds no events' },
  INVALID_EVENT: {
    status: 400,
    api: 'gateway',
    meaning: 'an event breaks its schema, has a type that is not in the contract, or an occurredAt too far ahead or too old; each field in issues',
  },
  INVALID_ANSWER: { status: 400, api: 'gateway', meaning: 'the answer breaks its schema; each field in issues' },
  INVALID_API_KEY: { status: 401, api: 'gateway', meaning: 'no API key in x-api-key or Authorization: Bearer, or not one of INGEST_API_KEYS' },
  MISSING_SCOPE: { status: 403, api: 'gateway', meaning: 'the API key lacks the scope the route needs' },
  UNKNOWN_REFERENCE: { status: 404, api: 'gateway', meaning: 'no case with this reference code on this account' },
  UNKNOWN_SCHEMA: { status: 404, api: 'gateway', meaning: 'no message schema by this name' },
  ALREADY_ANSWERED: { status: 409, api: 'gateway', meaning: 'the case was answered already' },
  BATCH_TOO_LARGE: { status: 413, api: 'gateway', meaning: 'more events than INGEST_MAX_BATCH' },
  EVENT_TOO_LARGE: { status: 413, api: 'gateway', meaning: 'an event over 64 KiB as sent to the topic' },
  REQUEST_TOO_LARGE: { status: 413, api: 'gateway', meaning: 'the broker refused the events together for their size' },
  KAFKA_UNAVAILABLE: { status: 503, api: 'gateway', meaning: 'Kafka did not take the events; retry the same request' },
} as const satisfies Record<string, { status: 400 | 401 | 403 | 404 | 409 | 413 | 422 | 429 | 503; api: 'console' | 'gateway' | 'both'; meaning: string }>;

export type ApiErrorCode = keyof typeof API_ERROR_CODES;
export type ConsoleErrorCode = { [C in ApiErrorCode]: (typeof API_ERROR_CODES)[C]['api'] extends 'gateway' ? never : C }[ApiErrorCode];

/** The codes one API answers with, in the list's order. */
export const apiErrorCodesOf = (api: 'console' | 'gateway'): ApiErrorCode[] =>
  (Object.keys(API_ERROR_CODES) as ApiErrorCode[]).filter((code) => API_ERROR_CODES[code].api === api || API_ERROR_CODES[code].api === 'both');
