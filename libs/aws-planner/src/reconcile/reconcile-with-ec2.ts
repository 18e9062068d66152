import { ErrorCode, type ReconcileReport } from '@podnet/contracts';
import { planCapacity, type CapacityInput } from '../capacity/plan';
import { reconcileDesign } from '../drift/reconcile';
import { PlannerError } from '../errors/planner-error';
import type { Ec2ConnectionOptions } from './ec2-client';
import { observeSubnets } from './observe-subnets';

/** Where to look: the design's own `network.region` / `network.vpc.id` unless overridden. */
export interface ReconcileWithEc2Options extends Omit<Ec2ConnectionOptions, 'region'> {
  readonly region?: string;
  readonly vpcId?: string;
}

/**
 * The design cannot be compared with a VPC as given. `field` names the option that would fix it (`--region`,
 * `--vpc-id`; the service maps it to the run parameter), or is absent when the design itself must change.
 */
export class ReconcileInputError extends PlannerError {
  override readonly name = 'ReconcileInputError';
  constructor(
    message: string,
    readonly field?: string,
  ) {
    super(ErrorCode.BadInput, message);
  }
}

/** Whether an EC2 failure is worth retrying later (throttling, 5xx, network) or needs someone to act. */
export type Ec2FailureKind = 'transient' | 'credentials' | 'denied' | 'not-found' | 'rejected';

/** EC2 (or the SDK on its way there) failed after the SDK's own retries; `awsCode` is EC2's error code. */
export class Ec2CallError extends Error {
  override readonly name = 'Ec2CallError';
  constructor(
    readonly awsCode: string,
    readonly kind: Ec2FailureKind,
    message: string,
  ) {
    super(message);
  }
}

const TRANSIENT = /^(RequestLimitExceeded|Throttling|ThrottlingException|RequestThrottled|InternalError|InternalFailure|ServiceUnavailable|Unavailable|TimeoutError|RequestTimeout|ECONNREFUSED|ECONNRESET|ETIMEDOUT|EPIPE|ENOTFOUND|EAI_AGAIN)$/;

/** Sorts an AWS SDK error into what the caller can do about it. */
export function classifyEc2Error(error: unknown): Ec2CallError {
  const e = error as { name?: string; code?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const code = e.code && /^E[A-Z]+$/.test(e.code) ? e.code : (e.name ?? 'Error');
  const status = e.$metadata?.httpStatusCode ?? 0;
  const message = `EC2 call failed: ${code}: ${e.message ?? String(error)}`;
  let kind: Ec2FailureKind = 'rejected';
  if (TRANSIENT.test(code) || status >= 500) kind = 'transient';
  else if (/credential/i.test(code) || code === 'AuthFailure' || code === 'InvalidClientTokenId' || code === 'SignatureDoesNotMatch') kind = 'credentials';
  else if (code === 'UnauthorizedOperation' || code === 'AccessDenied' || code === 'AccessDeniedException') kind = 'denied';
  else if (/\.NotFound$|\.Malformed$/.test(code)) kind = 'not-found';
  return new Ec2CallError(code, kind, message);
}

/**
 * Plans the design's capacity, reads its VPC from EC2 (`DescribeSubnets`, `DescribeNetworkInterfaces`, paginated,
 * with the SDK's standard retries) and compares them: the `podnet reconcile` report. The one I/O path of the
 * planner; the CLI and the service's RECONCILE runs both call it.
 *
 * @throws ReconcileInputError when the design has no AWS network, region or VPC to read.
 * @throws Ec2CallError when EC2 fails after the SDK's retries.
 * @example
 * const report = await reconcileWithEc2({ design }, { endpoint: 'http://127.0.0.1:4566' });
 * report.inSync // => true
 */
export async function reconcileWithEc2(input: CapacityInput, options: ReconcileWithEc2Options = {}): Promise<ReconcileReport> {
  const { design } = input;
  if (design.network.provider !== 'aws') throw new ReconcileInputError('reconcile needs a ClusterDesign with network.provider aws');
  const region = options.region ?? design.network.region;
  if (!region) throw new ReconcileInputError('no region: give --region or network.region in the design', '--region');
  const vpcId = options.vpcId ?? design.network.vpc?.id ?? null;
  const ids = design.network.subnets.map((s) => s.id);
  if (!vpcId && ids.some((id) => id === undefined)) {
    throw new ReconcileInputError('nothing to read: give --vpc-id, network.vpc.id, or an id for every subnet in the design', '--vpc-id');
  }
  const plan = planCapacity(input, { recommendations: false });
  let observed;
  try {
    observed = await observeSubnets({
      region,
      ...(options.endpoint === undefined ? {} : { endpoint: options.endpoint }),
      ...(options.credentials === undefined ? {} : { credentials: options.credentials }),
      ...(options.maxAttempts === undefined ? {} : { maxAttempts: options.maxAttempts }),
      ...(vpcId ? { vpcId } : { subnetIds: ids as string[] }),
    });
  } catch (error) {
    throw classifyEc2Error(error);
  }
  return reconcileDesign(design, plan, observed, { region, vpcId });
}
