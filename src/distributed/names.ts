/**
 * Names shared by coordinators and workers: the key prefix, the queues and the cancellation
 * channel. Changing one is a protocol change: old workers would no longer see the jobs.
 *
 * @module
 */

/** Key prefix of every BullMQ key empathy writes. */
export const QUEUE_PREFIX = 'empathy';
/** The queue of work units (agent runs and fleet members). */
export const UNITS_QUEUE = 'units';
/** The queue of team parents: one job per parallel team, completed when all its agents are. */
export const TEAMS_QUEUE = 'teams';
/** Pub/sub channel on which a coordinator names a run whose jobs every worker must cancel. */
export const CANCEL_CHANNEL = `${QUEUE_PREFIX}:cancel`;
/** Version of the job model; a worker refuses jobs of another version. */
export const PROTOCOL_VERSION = 1;
