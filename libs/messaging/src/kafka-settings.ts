export interface KafkaSettings {
  brokers: string[];
  clientId: string;
  /** Prepended to every logical topic and group name, so several deployments can share a cluster. */
  topicPrefix: string;
  /** Partitions for topics this deployment creates. */
  partitions: number;
  /** How long the group waits for a silent consumer (a crashed one) before moving its partitions. */
  sessionTimeoutMs?: number;
  /**
   * How often finished batches' offsets are committed; 0 commits after each batch. A commit is a
   * round trip to the broker that the partition waits on, most of a quiet batch's latency.
   */
  commitIntervalMs?: number;
  /**
   * How long one publish may take, connect and retries included, before it fails as retriable;
   * unset, as long as kafkajs's retries last.
   */
  produceTimeoutMs?: number;
}

export const physicalTopic = (settings: Pick<KafkaSettings, 'topicPrefix'>, logical: string): string => `${settings.topicPrefix}${logical}`;

export const groupId = (settings: Pick<KafkaSettings, 'topicPrefix'>, name: string): string => `${settings.topicPrefix}${name}`;
