/**
 * ESC/POS printer on USB, through our own thin adapter over node-usb (the `usb` package),
 * NOT @node-escpos/usb-adapter: its read() has no timeout and no error path, it claims every
 * interface (double callbacks), and it keeps writing to a dead endpoint after an unplug
 * (ESCPOS.md A4). Everything node-usb does for us is behind `UsbLayer`, so tests drive the
 * driver with a fake printer and never load the native module.
 *
 * Finding the printer: by `vendorId`/`productId` when configured (needed for printers whose
 * interface is vendor-specific class 0xFF), else the first device with a USB Printer class
 * (7) interface. Only that one interface is claimed (kernel driver `usblp` detached first).
 *
 * Writes are one bulk OUT transfer raced with `writeTimeoutMs`. Status is DLE EOT, one
 * query at a time: an OUT transfer per query, and bulk IN transfers raced with
 * `statusTimeoutMs` (a printer without an IN endpoint reports only online / paper unknown).
 * All traffic is serialised. Unplugging our device (detach event, or a transfer failing)
 * rejects the job in flight with ENTRE_PRINTER_WRITE_FAILED, status reports offline, and the
 * next operation looks for the device again, so re-plugging recovers without a restart.
 */
import { PortError, withTimeout, type DeviceStatus, type PrinterPort, type WriteContext } from './port.js';
import { pollStatus } from '../status/dle-eot.js';

/** The USB Printer device class (bInterfaceClass). */
export const USB_PRINTER_CLASS = 7;

/** A bulk endpoint as node-usb exposes it (`InEndpoint` / `OutEndpoint`). */
export interface UsbEndpoint {
  direction: 'in' | 'out';
  /** node-usb: per-transfer timeout in ms (0 = forever). Set when present, as a second guard. */
  timeout?: number;
  transfer(...args: any[]): unknown;
}
export interface UsbOutEndpoint extends UsbEndpoint {
  direction: 'out';
  transfer(data: Buffer, callback: (err: Error | undefined | null) => void): unknown;
}
export interface UsbInEndpoint extends UsbEndpoint {
  direction: 'in';
  transfer(length: number, callback: (err: Error | undefined | null, data?: Buffer) => void): unknown;
}

export interface UsbInterface {
  descriptor: { bInterfaceClass: number };
  endpoints: UsbEndpoint[];
  isKernelDriverActive(): boolean;
  detachKernelDriver(): void;
  claim(): void;
  release(callback: (err?: Error | null) => void): void;
}

export interface UsbDevice {
  deviceDescriptor: { idVendor: number; idProduct: number };
  /** Where it is plugged in; used to recognise our device in a detach event when the object differs. */
  busNumber?: number;
  deviceAddress?: number;
  /** node-usb: readable without opening the device (`interfaces` is only filled by `open()`). */
  configDescriptor?: { interfaces: { bInterfaceClass: number }[][] } | null;
  /** node-usb: undefined until `open()`. */
  interfaces?: UsbInterface[] | undefined;
  open(): void;
  close(): void;
}

/** The parts of node-usb the driver uses. */
export interface UsbLayer {
  getDeviceList(): UsbDevice[];
  on(event: 'attach' | 'detach', listener: (device: UsbDevice) => void): unknown;
  off(event: 'attach' | 'detach', listener: (device: UsbDevice) => void): unknown;
}

export interface UsbPrinterOptions {
  /** idVendor to match, e.g. 0x04b8 (Epson). Needed for vendor-specific class (0xFF) printers. */
  vendorId?: number;
  /** idProduct to match (with `vendorId`). */
  productId?: number;
  /** The device layer. Default: node-usb, loaded on first use; tests pass a fake. */
  usb?: UsbLayer | (() => UsbLayer | Promise<UsbLayer>);
  /** Longest one job's OUT transfer may take; default 30 000 ms. */
  writeTimeoutMs?: number;
  /** Longest to wait for each DLE EOT reply; default 500 ms. */
  statusTimeoutMs?: number;
}

export interface UsbPrinter extends PrinterPort {
  readonly kind: 'usb';
  readonly vendorId: number | undefined;
  readonly productId: number | undefined;
}

/** Bytes asked for per IN transfer (a full-speed bulk packet). */
const IN_LENGTH = 64;

const defaultUsbLayer = async (): Promise<UsbLayer> => {
  // Loaded on first use (and by a computed name, so neither tests nor the type-check need
  // the native module); a build without it still runs the other drivers.
  const name = 'usb';
  let mod: any;
  try {
    mod = await import(name);
  } catch (err) {
    throw new PortError('ENTRE_PRINTER_OFFLINE', `USB printing needs the \`usb\` package (node-usb): ${(err as Error).message}`, { cause: err });
  }
  const emitter = mod.usb ?? mod.default?.usb ?? mod.default;
  const getDeviceList: () => UsbDevice[] = mod.getDeviceList ?? emitter.getDeviceList;
  return {
    getDeviceList: () => getDeviceList.call(emitter),
    on: (event, listener) => emitter.on(event, listener),
    off: (event, listener) => emitter.off(event, listener),
  };
};

const hex4 = (n: number | undefined) => (n === undefined ? '*' : n.toString(16).padStart(4, '0'));

/** Whether node-usb's error means the device is gone (LIBUSB_ERROR_NO_DEVICE = -4). */
function isNoDevice(err: unknown): boolean {
  const e = err as { errno?: number; message?: string } | null;
  return e?.errno === -4 || /NO_DEVICE/.test(String(e?.message));
}

interface Connection {
  device: UsbDevice;
  iface: UsbInterface;
  out: UsbOutEndpoint;
  in: UsbInEndpoint | null;
  /** Bytes received on IN and not yet read. */
  received: number[];
  /** The IN transfer in flight (at most one; a timed-out one may still complete later). */
  reading: Promise<void> | null;
}

export function createUsbPrinter(options: UsbPrinterOptions): UsbPrinter {
  const { vendorId, productId } = options;
  const writeTimeoutMs = options.writeTimeoutMs ?? 30_000;
  const statusTimeoutMs = options.statusTimeoutMs ?? 500;
  const name = vendorId === undefined && productId === undefined ? 'usb printer (first printer-class device)' : `usb printer ${hex4(vendorId)}:${hex4(productId)}`;

  let layerPromise: Promise<UsbLayer> | null = null;
  const getLayer = (): Promise<UsbLayer> => {
    layerPromise ??= (async () => {
      const u = options.usb;
      if (u === undefined) return defaultUsbLayer();
      return typeof u === 'function' ? u() : u;
    })();
    layerPromise.catch(() => (layerPromise = null));
    return layerPromise;
  };

  let conn: Connection | null = null;
  /** Set by `open()`, cleared by `close()`: whether the bridge wants the printer. */
  let wanted = false;
  /** Why the device went away, for the errors that follow (cleared when it is plugged in again). */
  let lostBecause: string | null = null;
  /** Rejects the operation in flight when the device goes away under it. */
  let onLost: ((err: PortError) => void) | null = null;
  let listening: UsbLayer | null = null;
  let queue: Promise<unknown> = Promise.resolve();

  const exclusive = <T>(fn: () => Promise<T>): Promise<T> => {
    const run = queue.then(fn, fn);
    queue = run.catch(() => undefined);
    return run;
  };

  const idsMatch = (d: UsbDevice): boolean =>
    (vendorId === undefined || d.deviceDescriptor.idVendor === vendorId) &&
    (productId === undefined || d.deviceDescriptor.idProduct === productId);

  const interfaceClasses = (d: UsbDevice): number[] => {
    const fromConfig = d.configDescriptor?.interfaces?.flat().map((i) => i.bInterfaceClass);
    if (fromConfig && fromConfig.length > 0) return fromConfig;
    return (d.interfaces ?? []).map((i) => i.descriptor.bInterfaceClass);
  };

  const isOurs = (d: UsbDevice): boolean =>
    vendorId !== undefined || productId !== undefined ? idsMatch(d) : interfaceClasses(d).includes(USB_PRINTER_CLASS);

  const sameDevice = (a: UsbDevice, b: UsbDevice): boolean =>
    a === b ||
    (a.busNumber !== undefined && a.deviceAddress !== undefined && a.busNumber === b.busNumber && a.deviceAddress === b.deviceAddress && idsMatch(b));

  /** Forgets the connection (without touching the device, which may be gone) and fails what waits on it. */
  const lost = (c: Connection, why: string) => {
    if (conn !== c) return;
    conn = null;
    lostBecause = why;
    try {
      c.device.close();
    } catch {
      // Gone already; libusb frees it on its own.
    }
    onLost?.(new PortError('ENTRE_PRINTER_WRITE_FAILED', `${name}: ${why} during the job`));
  };

  const onDetach = (d: UsbDevice) => {
    if (conn && sameDevice(conn.device, d)) lost(conn, 'device unplugged');
  };
  const onAttach = (d: UsbDevice) => {
    // The next operation opens it again (connect() enumerates); just stop reporting it as unplugged.
    if (!conn && isOurs(d)) lostBecause = null;
  };

  async function listen(): Promise<UsbLayer> {
    const layer = await getLayer();
    if (listening !== layer) {
      // Listening starts node-usb's hotplug handling, which keeps the event loop alive until `off`.
      layer.on('detach', onDetach);
      layer.on('attach', onAttach);
      listening = layer;
    }
    return layer;
  }

  function unlisten() {
    if (!listening) return;
    listening.off('detach', onDetach);
    listening.off('attach', onAttach);
    listening = null;
  }

  async function connect(): Promise<Connection> {
    if (conn) return conn;
    const layer = await listen();
    let devices: UsbDevice[];
    try {
      devices = layer.getDeviceList();
    } catch (err) {
      throw new PortError('ENTRE_PRINTER_OFFLINE', `${name}: listing USB devices failed: ${(err as Error).message}`, { cause: err });
    }
    const device = devices.find(isOurs);
    if (!device) {
      throw new PortError('ENTRE_PRINTER_OFFLINE', `${name} not found (${lostBecause ?? 'not plugged in or switched off'})`);
    }
    try {
      device.open();
    } catch (err) {
      throw new PortError(
        'ENTRE_PRINTER_OFFLINE',
        `${name} could not be opened (no permission — add a udev rule — or in use?): ${(err as Error).message}`,
        { cause: err },
      );
    }
    try {
      const interfaces = device.interfaces ?? [];
      const hasOut = (i: UsbInterface) => i.endpoints.some((e) => e.direction === 'out');
      // The printer-class interface; for a vendor-specific printer the first one with an OUT endpoint.
      const iface = interfaces.find((i) => i.descriptor.bInterfaceClass === USB_PRINTER_CLASS && hasOut(i)) ?? interfaces.find(hasOut);
      if (!iface) throw new Error('no interface with a bulk OUT endpoint');
      if (process.platform !== 'win32') {
        try {
          if (iface.isKernelDriverActive()) iface.detachKernelDriver();
        } catch (err) {
          throw new Error(`could not detach the kernel driver (usblp): ${(err as Error).message}`);
        }
      }
      iface.claim();
      const out = iface.endpoints.find((e): e is UsbOutEndpoint => e.direction === 'out')!;
      const inEp = iface.endpoints.find((e): e is UsbInEndpoint => e.direction === 'in') ?? null;
      // libusb's own timeouts, so a transfer we stopped waiting for does not stay queued forever.
      if ('timeout' in out) out.timeout = writeTimeoutMs;
      if (inEp && 'timeout' in inEp) inEp.timeout = statusTimeoutMs;
      conn = { device, iface, out, in: inEp, received: [], reading: null };
      lostBecause = null;
      return conn;
    } catch (err) {
      try {
        device.close();
      } catch {
        // ignore
      }
      throw new PortError('ENTRE_PRINTER_OFFLINE', `${name} could not be claimed: ${(err as Error).message}`, { cause: err });
    }
  }

  async function ready(): Promise<Connection> {
    if (!wanted) throw new PortError('ENTRE_PRINTER_OFFLINE', `${name} is not open`);
    return connect();
  }

  /** One OUT transfer; settles once even if the callback fires twice, or early when the device goes away. */
  function transferOut(c: Connection, bytes: Uint8Array): Promise<void> {
    return new Promise<void>((resolve, reject) => {
      let done = false;
      const finish = (err: PortError | null) => {
        if (done) return;
        done = true;
        if (onLost === finish) onLost = null;
        if (err) reject(err);
        else resolve();
      };
      if (conn !== c) return finish(new PortError('ENTRE_PRINTER_WRITE_FAILED', `${name}: ${lostBecause ?? 'device is not open'}`));
      onLost = finish;
      try {
        c.out.transfer(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), (err) => {
          if (!err) return finish(null);
          const why = isNoDevice(err) ? 'device unplugged' : `transfer failed (${err.message})`;
          lost(c, why);
          finish(new PortError('ENTRE_PRINTER_WRITE_FAILED', `${name}: write failed: ${why}`, { cause: err }));
        });
      } catch (err) {
        lost(c, `transfer failed (${(err as Error).message})`);
        finish(new PortError('ENTRE_PRINTER_WRITE_FAILED', `${name}: write failed: ${(err as Error).message}`, { cause: err }));
      }
    });
  }

  /** Starts an IN transfer unless one is in flight; what it brings lands in `received`. */
  function transferIn(c: Connection, ep: UsbInEndpoint): Promise<void> {
    c.reading ??= new Promise<void>((resolve, reject) => {
      let done = false;
      try {
        ep.transfer(IN_LENGTH, (err, data) => {
          if (done) return;
          done = true;
          c.reading = null;
          if (err) {
            if (isNoDevice(err)) {
              lost(c, 'device unplugged');
              return reject(new PortError('ENTRE_PRINTER_OFFLINE', `${name}: device unplugged`, { cause: err }));
            }
            // LIBUSB_TRANSFER_TIMED_OUT from the endpoint timeout counts as no reply.
            if (/TIMED_OUT|TIMEOUT/i.test(err.message)) return reject(new PortError('ENTRE_PRINTER_TIMEOUT', `${name}: no reply`, { cause: err }));
            return reject(new PortError('ENTRE_PRINTER_OFFLINE', `${name}: read failed: ${err.message}`, { cause: err }));
          }
          if (data) for (const b of data) c.received.push(b);
          resolve();
        });
      } catch (err) {
        done = true;
        c.reading = null;
        reject(new PortError('ENTRE_PRINTER_OFFLINE', `${name}: read failed: ${(err as Error).message}`, { cause: err }));
      }
    });
    // A transfer we stopped waiting for may still fail later; that must not be unhandled.
    c.reading.catch(() => undefined);
    return c.reading;
  }

  async function readByte(c: Connection, ep: UsbInEndpoint, timeoutMs: number): Promise<number> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const b = c.received.shift();
      if (b !== undefined) return b;
      if (conn !== c) throw new PortError('ENTRE_PRINTER_OFFLINE', `${name}: ${lostBecause ?? 'device closed'}`);
      const left = deadline - Date.now();
      if (left <= 0) throw new PortError('ENTRE_PRINTER_TIMEOUT', `no byte from ${name} within ${timeoutMs} ms`);
      // Raced: node-usb's read waits forever when the printer says nothing (endpoint timeout 0).
      await withTimeout(transferIn(c, ep), left, `${name} IN read`);
    }
  }

  const offline = (code: string): DeviceStatus => ({ online: false, paper: 'unknown', coverOpen: false, errors: [code] });

  return {
    kind: 'usb',
    vendorId,
    productId,

    async open() {
      wanted = true;
      // A printer that is unplugged at start-up must not stop the bridge: it shows as offline,
      // and the first operation after it is plugged in opens it.
      await exclusive(async () => {
        try {
          await connect();
        } catch (err) {
          if (!(err instanceof PortError)) throw err;
        }
      });
    },

    write(bytes: Uint8Array, _context: WriteContext) {
      return exclusive(async () => {
        let c: Connection;
        try {
          c = await ready();
        } catch (err) {
          throw err instanceof PortError ? err : new PortError('ENTRE_PRINTER_OFFLINE', String(err));
        }
        try {
          await withTimeout(transferOut(c, bytes), writeTimeoutMs, `${name} write`);
        } catch (err) {
          if (err instanceof PortError && err.code === 'ENTRE_PRINTER_TIMEOUT') {
            // The rest must not come out later (the server may reprint elsewhere): drop the
            // device, which cancels the pending transfer; the next operation reopens it.
            onLost = null;
            lost(c, 'write timed out');
          }
          throw err;
        }
      });
    },

    readStatus() {
      return exclusive(async (): Promise<DeviceStatus> => {
        let c: Connection;
        try {
          c = await ready();
        } catch {
          return offline(!wanted ? 'not_open' : 'disconnected');
        }
        const ep = c.in;
        if (!ep) return { online: true, paper: 'unknown', coverOpen: false, errors: [] };
        c.received.length = 0; // stale replies of an earlier, timed-out poll
        try {
          return await pollStatus({ write: (b) => transferOut(c, b), readByte: (ms) => readByte(c, ep, ms) }, statusTimeoutMs);
        } catch (err) {
          // Unplugged during the poll: that is a status (offline), not a failure.
          if (conn !== c && !(err instanceof PortError && err.code === 'ENTRE_PRINTER_TIMEOUT')) return offline('disconnected');
          throw err;
        }
      });
    },

    close() {
      wanted = false;
      unlisten();
      return exclusive(async () => {
        const c = conn;
        conn = null;
        lostBecause = 'closed by the bridge';
        if (!c) return;
        await new Promise<void>((resolve) => {
          let done = false;
          const finish = () => {
            if (done) return;
            done = true;
            clearTimeout(timer);
            resolve();
          };
          // release() may call back twice, or never on a dead device.
          const timer = setTimeout(finish, statusTimeoutMs);
          try {
            c.iface.release(() => finish());
          } catch {
            finish();
          }
        });
        try {
          c.device.close();
        } catch {
          // Gone already.
        }
      });
    },
  };
}

export interface UsbListing { vendorId: string; productId: string; printerClass: boolean }

/**
 * What `npm run bridge -- --list-printers` shows: every USB device with its lsusb-style
 * ids, marking those with a printer-class interface (others may still be printers with a
 * vendor-specific class: configure them by id).
 */
export async function listUsbDevices(usb?: UsbLayer): Promise<UsbListing[]> {
  const layer = usb ?? (await defaultUsbLayer());
  return layer.getDeviceList().map((d) => {
    const classes = d.configDescriptor?.interfaces?.flat().map((i) => i.bInterfaceClass) ?? (d.interfaces ?? []).map((i) => i.descriptor.bInterfaceClass);
    return { vendorId: hex4(d.deviceDescriptor.idVendor), productId: hex4(d.deviceDescriptor.idProduct), printerClass: classes.includes(USB_PRINTER_CLASS) };
  });
}
