export const KAFKA = Symbol('Kafka');
export const CORE_CONFIG = Symbol('CoreConfig');
