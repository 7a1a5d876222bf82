/**
 * The core's send rules the connector's words name. The connector cannot run them (it calls the API directly),
 * so it only states them; they are read from the core so the sentence changes when the rule does.
 */
// The core's plan (issue 25) refuses a time more than this far past and plays one within it now.
export const PAST_TIME_GRACE_MINUTES = 5;
