export const KAFKA = Symbol('Kafka');
export const CORE_CONFIG = Symbol('CoreConfig');
export const CONSUMER_PROGRESS = Symbol('ConsumerProgress');
