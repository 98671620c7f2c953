export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  /** Prepended to every logical topic and group name, so several deployments can share a cluster. */
  topicPrefix: string;
  /** Partitions for topics this deployment creates. */
  partitions: number;
  /** How long the group waits for a silent consumer (a crashed one) before moving its partitions. */
  sessionTimeoutMs?: number;
}

export const physicalTopic = (settings: Pick<KafkaSettings, 'topicPrefix'>, logical: string): string =>
  `${settings.topicPrefix}${logical}`;

export const groupId = (settings: Pick<KafkaSettings, 'topicPrefix'>, name: string): string =>
  `${settings.topicPrefix}${name}`;
