/**
 * The internet's test host: HTTP, TCP echo and UDP echo on one documentation address, each
 * telling the client the address it saw the connection come from — what NAT and internet
 * gateway tests need ("does the internet see the NAT gateway's Elastic IP?"). The HTTP answer
 * is a small JSON object; the echo servers echo, except for the message `whoami`, which they
 * answer with `address:port`.
 *
 * Run as `node internet-host.js <InternetHostConfig file>`; its control socket answers `status`.
 *
 * @module
 */
import { createSocket } from 'node:dgram';
import { createServer as createHttpServer } from 'node:http';
import { createServer as createTcpServer } from 'node:net';
import type { InternetHostConfig } from '../fabric/daemon-config.js';
import { exitOnSignal, log, plainAddress, readConfig, serveDaemonControl } from './daemon-support.js';

async function main(): Promise<void> {
  const loaded = readConfig<InternetHostConfig>();
  const config = loaded.config;
  const fail =
    (what: string) =>
    (err: Error): void => {
      log('internet-host', `${what}: ${err.message}`);
      process.exit(1);
    };

  const http = createHttpServer((req, res) => {
    const body = JSON.stringify({
      host: 'internet test host',
      address: config.address,
      sawSource: plainAddress(req.socket.remoteAddress),
      sawPort: req.socket.remotePort,
      method: req.method,
      path: req.url,
      hostHeader: req.headers.host ?? null,
    });
    res.writeHead(200, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(body), connection: 'close' });
    res.end(body);
  });
  http.on('error', fail(`http ${config.address}:${config.httpPort}`));
  http.listen(config.httpPort, config.address);

  const echo = createTcpServer((sock) => {
    sock.on('error', () => undefined);
    sock.on('data', (data) => {
      if (data.toString('utf8').trim() === 'whoami') sock.end(`${plainAddress(sock.remoteAddress)}:${sock.remotePort}\n`);
      else sock.write(data);
    });
  });
  echo.on('error', fail(`tcp echo ${config.address}:${config.echoPort}`));
  echo.listen(config.echoPort, config.address);

  const udp = createSocket('udp4');
  udp.on('message', (message, peer) => {
    const reply = message.toString('utf8').trim() === 'whoami' ? Buffer.from(`${peer.address}:${peer.port}\n`) : message;
    udp.send(reply, peer.port, peer.address);
  });
  udp.on('error', fail(`udp echo ${config.address}:${config.echoPort}`));
  udp.bind(config.echoPort, config.address);

  log('internet-host', `http on ${config.address}:${config.httpPort}, tcp and udp echo on ${config.address}:${config.echoPort}`);
  const control = await serveDaemonControl(loaded, { status: () => ({ daemon: 'internet-host', label: `test host ${config.address}`, version: 0 }), apply: () => false });
  exitOnSignal(() => {
    control?.close();
    http.close();
    echo.close();
    udp.close();
  });
}

main().catch((err: Error) => {
  log('internet-host', err.message);
  process.exit(1);
});
