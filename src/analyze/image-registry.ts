/**
 * Where a container image comes from, as far as the network is concerned: a private ECR
 * repository (`<account>.dkr.ecr.<region>.amazonaws.com/...`) can be pulled through the
 * ecr.api and ecr.dkr interface endpoints plus the S3 gateway endpoint (layers are served
 * from S3); any other registry (public.ecr.aws, Docker Hub, a bare `nginx`) needs the internet.
 */

/** The registry kind of an image reference. */
export type ImageSource = { kind: 'private-ecr'; region: string } | { kind: 'internet'; registry: string };

const PRIVATE_ECR = /^\d{12}\.dkr\.ecr\.([a-z0-9-]+)\.amazonaws\.com(?:\.cn)?\//;

/** Classifies `image`; a reference without a registry host is Docker Hub. */
export function imageSource(image: string): ImageSource {
  const ecr = PRIVATE_ECR.exec(image);
  if (ecr) return { kind: 'private-ecr', region: ecr[1]! };
  const first = image.split('/')[0] ?? '';
  const hasHost = image.includes('/') && (first.includes('.') || first.includes(':') || first === 'localhost');
  return { kind: 'internet', registry: hasHost ? first : 'docker.io' };
}

/** The services a private ECR pull needs from inside a VPC without internet. */
export const ECR_PULL_ENDPOINTS = ['ecr.api', 'ecr.dkr', 's3'] as const;
