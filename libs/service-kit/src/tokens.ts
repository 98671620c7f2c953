export const KAFKA = Symbol('Kafka');
export const CORE_CONFIG = Symbol('CoreConfig');
export const CONSUMER_PROGRESS = Symbol('ConsumerProgress');
/** The service's root pino logger (request logging and nestjs-pino share it). */
export const ROOT_LOGGER = Symbol('RootLogger');
