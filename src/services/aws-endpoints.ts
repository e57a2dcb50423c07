/**
 * The region's AWS service endpoints: one HTTP server per port on every address of the AWS
 * namespace, answering with which service the address (or Host header) stands for and which
 * source address it saw — a private address when the request came through a gateway or
 * interface endpoint, a public one (an Elastic IP) when it came through the internet. Port 443
 * speaks plain HTTP: the lab has no TLS, and says so in every answer.
 *
 * Run as `node aws-endpoints.js <AwsEndpointsConfig file>`; its control socket answers `status`.
 *
 * @module
 */
import { createServer, type Server } from 'node:http';
import type { AwsEndpointsConfig } from '../fabric/daemon-config.js';
import { exitOnSignal, log, plainAddress, readConfig, serveDaemonControl } from './daemon-support.js';

async function main(): Promise<void> {
  const loaded = readConfig<AwsEndpointsConfig>();
  const config = loaded.config;
  const byAddress = new Map(config.services.map((s) => [s.address, s.service]));
  const servers: Server[] = [];
  for (const port of config.ports) {
    const server = createServer((req, res) => {
      const local = plainAddress(req.socket.localAddress);
      const body = JSON.stringify({
        service: byAddress.get(local) ?? 'unknown',
        region: config.region,
        endpoint: local,
        port,
        hostHeader: req.headers.host ?? null,
        sawSource: plainAddress(req.socket.remoteAddress),
        method: req.method,
        path: req.url,
        ...(port === 443 ? { tls: 'none: the lab answers HTTPS ports with plain HTTP' } : {}),
      });
      res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), connection: 'close' });
      res.end(body);
    });
    server.on('error', (err) => {
      log('aws-endpoints', `port ${port}: ${err.message}`);
      process.exit(1);
    });
    server.listen(port, '0.0.0.0');
    servers.push(server);
  }
  log('aws-endpoints', `${config.services.length} services of ${config.region} on ports ${config.ports.join(', ')}`);
  const control = await serveDaemonControl(loaded, { status: () => ({ daemon: 'aws-endpoints', label: `endpoints of ${config.region}`, version: 0 }), apply: () => false });
  exitOnSignal(() => {
    control?.close();
    servers.forEach((s) => s.close());
  });
}

main().catch((err: Error) => {
  log('aws-endpoints', err.message);
  process.exit(1);
});
