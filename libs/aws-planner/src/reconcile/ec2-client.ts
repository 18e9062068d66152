import { EC2Client } from '@aws-sdk/client-ec2';

/** Static AWS credentials. */
export interface StaticCredentials {
  readonly accessKeyId: string;
  readonly secretAccessKey: string;
  readonly sessionToken?: string;
}

/** Where and how to reach EC2. */
export interface Ec2ConnectionOptions {
  readonly region: string;
  /** An EC2 endpoint other than AWS's (a test double, a VPC endpoint). */
  readonly endpoint?: string;
  /** Static credentials; default: the SDK's provider chain (environment, profile, IMDS, ...). */
  readonly credentials?: StaticCredentials;
  /** Attempts per call, retries included (SDK standard retry: throttling such as RequestLimitExceeded) [5]. */
  readonly maxAttempts?: number;
}

/**
 * An EC2 client for the options (the caller destroys it).
 *
 * @example
 * const client = ec2Client({ region: 'us-east-1', endpoint: 'http://127.0.0.1:4566' });
 * client.destroy();
 */
export function ec2Client(options: Ec2ConnectionOptions): EC2Client {
  return new EC2Client({
    region: options.region,
    maxAttempts: options.maxAttempts ?? 5,
    ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
    ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
  });
}
