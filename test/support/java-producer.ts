import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { repoRoot } from '../../scripts/lib/repo-root';

export type JavaCodec = 'none' | 'gzip' | 'snappy' | 'lz4' | 'zstd';

/**
 * Produces with Apache Kafka's own Java client (its console producer, from the jars the project
 * runs the broker from): the codecs and framing real producers use, which kafkajs cannot write.
 * Each message is a key and a one-line value; they go as one batch with `linger.ms`.
 */
export async function javaProduce(brokers: string, topic: string, codec: JavaCodec, messages: { key: string; value: string }[]): Promise<void> {
  const classpath = execFileSync('bash', [join(repoRoot(), 'scripts/kafka.sh'), 'classpath'], { encoding: 'utf8' }).trim();
  const args = [
    '-cp',
    classpath,
    'org.apache.kafka.tools.ConsoleProducer',
    '--bootstrap-server',
    brokers,
    '--topic',
    topic,
    '--compression-codec',
    codec,
    '--property',
    'parse.key=true',
    '--property',
    'key.separator=\t',
    '--producer-property',
    'linger.ms=200',
    '--producer-property',
    'batch.size=4194304',
    '--producer-property',
    'max.request.size=8388608',
  ];
  const child = spawn('java', args, { stdio: ['pipe', 'ignore', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
  child.stdin.end(messages.map((m) => `${m.key}\t${m.value}\n`).join(''));
  const code = await new Promise<number | null>((resolve, reject) => {
    child.on('error', reject);
    child.on('close', resolve);
  });
  if (code !== 0 || /ERROR|Exception/.test(stderr)) throw new Error(`the Java producer failed (exit ${code}): ${stderr.slice(-2000)}`);
}
