/**
 * The USB driver against a fake node-usb layer: `FakeUsb` emulates one printer on the bus
 * (records OUT transfers, answers DLE EOT on its IN endpoint with configured bytes, can be
 * unplugged and plugged in again as a new device object, like node-usb does).
 */
import assert from 'node:assert/strict';
import { EventEmitter } from 'node:events';
import { afterEach, describe, test } from 'node:test';
import { PortError } from './port.js';
import { createUsbPrinter, type UsbDevice, type UsbEndpoint, type UsbInterface, type UsbLayer, type UsbPrinter } from './usb.js';

const ctx = { jobId: 'job-1', preview: 'A-001' };
const noDevice = () => Object.assign(new Error('LIBUSB_ERROR_NO_DEVICE'), { errno: -4 });

interface PrinterConfig {
  idVendor?: number;
  idProduct?: number;
  /** bInterfaceClass; 7 = printer, 0xff = vendor-specific. */
  interfaceClass?: number;
  /** Reply byte per DLE EOT n. */
  status?: Partial<Record<number, number>>;
  /** No bulk IN endpoint at all. */
  noIn?: boolean;
  /** IN transfers never complete (node-usb's default endpoint timeout is 0 = forever). */
  silent?: boolean;
}

class FakeDevice implements UsbDevice {
  readonly deviceDescriptor: { idVendor: number; idProduct: number };
  interfaces: UsbInterface[] | undefined;
  opened = false;
  claimed = false;
  kernelDriver = true;
  /** Every OUT transfer's bytes. */
  readonly out: number[][] = [];
  /** OUT transfers kept pending while `holdWrites` (to unplug mid-job). */
  holdWrites = false;
  readonly pendingOut: ((err?: Error) => void)[] = [];
  readonly pendingIn: ((err: Error | undefined, data?: Buffer) => void)[] = [];
  reply: number[] = [];
  gone = false;
  private readonly iface: UsbInterface;

  constructor(readonly config: PrinterConfig) {
    this.deviceDescriptor = { idVendor: config.idVendor ?? 0x0416, idProduct: config.idProduct ?? 0x5011 };
    const device = this;
    const outEp: UsbEndpoint = {
      direction: 'out',
      transfer(data: Buffer, cb: (err?: Error) => void) {
        if (device.gone || !device.opened) return setImmediate(() => cb(noDevice()));
        device.out.push([...data]);
        if (data.length === 3 && data[0] === 0x10 && data[1] === 0x04) {
          const b = device.config.status?.[data[2]!];
          if (b !== undefined && !device.config.silent) device.answer([b]);
        }
        if (device.holdWrites) device.pendingOut.push(cb);
        else setImmediate(() => cb());
      },
    };
    const inEp: UsbEndpoint = {
      direction: 'in',
      transfer(_length: number, cb: (err: Error | undefined, data?: Buffer) => void) {
        if (device.gone) return setImmediate(() => cb(noDevice()));
        device.pendingIn.push(cb);
        device.flush();
      },
    };
    this.iface = {
      descriptor: { bInterfaceClass: config.interfaceClass ?? 7 },
      endpoints: config.noIn ? [outEp] : [outEp, inEp],
      isKernelDriverActive: () => device.kernelDriver,
      detachKernelDriver: () => {
        device.kernelDriver = false;
      },
      claim: () => {
        if (device.gone) throw noDevice();
        device.claimed = true;
      },
      release: (cb) => {
        device.claimed = false;
        setImmediate(() => cb());
      },
    };
    // Like node-usb: the class is readable before open(), `interfaces` only after.
    this.configDescriptor = { interfaces: [[{ bInterfaceClass: this.iface.descriptor.bInterfaceClass }]] };
  }
  configDescriptor: { interfaces: { bInterfaceClass: number }[][] };

  open() {
    if (this.gone) throw noDevice();
    this.opened = true;
    this.interfaces = [this.iface];
  }
  close() {
    this.opened = false;
    this.interfaces = undefined;
  }
  answer(bytes: number[]) {
    this.reply.push(...bytes);
    setImmediate(() => this.flush());
  }
  flush() {
    if (this.reply.length === 0) return;
    const cb = this.pendingIn.shift();
    if (!cb) return;
    const data = Buffer.from(this.reply.splice(0));
    setImmediate(() => cb(undefined, data));
  }
  /** What reached the paper: every OUT transfer except status queries. */
  get printed(): number[] {
    return this.out.filter((c) => !(c.length === 3 && c[0] === 0x10 && c[1] === 0x04)).flat();
  }
  unplug() {
    this.gone = true;
    for (const cb of this.pendingOut.splice(0)) setImmediate(() => cb(noDevice()));
    for (const cb of this.pendingIn.splice(0)) setImmediate(() => cb(noDevice()));
  }
}

class FakeUsb extends EventEmitter implements UsbLayer {
  devices: FakeDevice[] = [];
  /** Devices that are not the printer (a keyboard, a hub). */
  others: UsbDevice[] = [];
  constructor(readonly config: PrinterConfig) {
    super();
    this.devices.push(new FakeDevice(config));
  }
  get device(): FakeDevice {
    return this.devices.at(-1)!;
  }
  getDeviceList(): UsbDevice[] {
    return [...this.others, ...this.devices.filter((d) => !d.gone)];
  }
  unplug() {
    const d = this.device;
    d.unplug();
    this.emit('detach', d);
  }
  replug() {
    const d = new FakeDevice(this.config);
    this.devices.push(d);
    this.emit('attach', d);
  }
}

const keyboard: UsbDevice = {
  deviceDescriptor: { idVendor: 0x046d, idProduct: 0xc31c },
  configDescriptor: { interfaces: [[{ bInterfaceClass: 3 }]] },
  open: () => assert.fail('the driver opened a non-printer'),
  close: () => {},
};

const IDLE = { 1: 0x12, 2: 0x12, 3: 0x12, 4: 0x12 };
let printers: UsbPrinter[] = [];
function make(usb: FakeUsb, extra: { vendorId?: number; productId?: number; statusTimeoutMs?: number; writeTimeoutMs?: number } = {}) {
  const p = createUsbPrinter({ usb, writeTimeoutMs: 1000, statusTimeoutMs: 200, ...extra });
  printers.push(p);
  return p;
}

afterEach(async () => {
  for (const p of printers) await p.close();
  printers = [];
});

describe('usb printer driver', () => {
  test('writes the exact bytes in one OUT transfer on the printer-class device', async () => {
    const usb = new FakeUsb({ status: IDLE });
    usb.others.push(keyboard);
    const printer = make(usb);
    await printer.open();
    const bytes = Uint8Array.of(0x1b, 0x40, 0x48, 0x69, 0x0a, 0x1d, 0x56, 0x42, 0x00);
    await printer.write(bytes, ctx);
    assert.deepEqual(usb.device.out, [[...bytes]]);
    assert.equal(usb.device.claimed, true);
    assert.equal(usb.device.kernelDriver, process.platform === 'win32', 'usblp detached');
    await printer.close();
    assert.equal(usb.device.claimed, false);
    assert.equal(usb.device.opened, false);
    assert.equal(usb.listenerCount('detach') + usb.listenerCount('attach'), 0, 'hotplug listeners removed');
  });

  test('reads status idle', async () => {
    const usb = new FakeUsb({ status: IDLE });
    const printer = make(usb);
    await printer.open();
    assert.deepEqual(await printer.readStatus(), { online: true, paper: 'ok', coverOpen: false, errors: [] });
    assert.deepEqual(usb.device.out, [[0x10, 4, 1], [0x10, 4, 2], [0x10, 4, 3], [0x10, 4, 4]]);
  });

  test('reads status paper out', async () => {
    const usb = new FakeUsb({ status: { 1: 0x1a, 2: 0x32, 3: 0x12, 4: 0x72 } });
    const printer = make(usb);
    await printer.open();
    const status = await printer.readStatus();
    assert.equal(status.paper, 'out');
    assert.equal(status.online, false);
  });

  test('an IN read that never answers times out within the limit', async () => {
    const usb = new FakeUsb({ status: IDLE, silent: true });
    const printer = make(usb, { statusTimeoutMs: 150 });
    await printer.open();
    const started = Date.now();
    await assert.rejects(printer.readStatus(), (err: unknown) => err instanceof PortError && err.code === 'ENTRE_PRINTER_TIMEOUT');
    const took = Date.now() - started;
    assert.ok(took >= 140 && took < 600, `took ${took} ms`);
    // The driver is still usable afterwards (the queue was not wedged by the hung read).
    await printer.write(Uint8Array.of(0x0a), ctx);
    assert.deepEqual(usb.device.printed, [0x0a]);
  });

  test('a printer without an IN endpoint reports only online, paper unknown', async () => {
    const usb = new FakeUsb({ noIn: true });
    const printer = make(usb);
    await printer.open();
    assert.deepEqual(await printer.readStatus(), { online: true, paper: 'unknown', coverOpen: false, errors: [] });
  });

  test('unplug mid-job fails the job with a reason; re-plug prints it once on the new device', async () => {
    const usb = new FakeUsb({ status: IDLE });
    const printer = make(usb);
    await printer.open();
    const first = usb.device;
    first.holdWrites = true;
    const job = Uint8Array.of(0x1b, 0x40, 0x41, 0x2d, 0x30, 0x30, 0x31, 0x0a);
    const writing = printer.write(job, ctx);
    await new Promise((r) => setImmediate(r));
    usb.unplug();
    await assert.rejects(writing, (err: unknown) => {
      assert.ok(err instanceof PortError);
      assert.ok(['offline', 'write_failed'].includes(err.reason), err.reason);
      return true;
    });

    // Unplugged: status says offline at once, and a job fails fast.
    assert.deepEqual(await printer.readStatus(), { online: false, paper: 'unknown', coverOpen: false, errors: ['disconnected'] });
    await assert.rejects(printer.write(job, ctx), (err: unknown) => err instanceof PortError && err.reason === 'offline');

    usb.replug();
    const second = usb.device;
    assert.notEqual(second, first);
    await printer.write(job, ctx); // the retry
    assert.deepEqual(second.printed, [...job], 'printed once on the new device');
    assert.deepEqual(await printer.readStatus(), { online: true, paper: 'ok', coverOpen: false, errors: [] });
  });

  test('a vendor-specific class (0xFF) printer is found only via vid/pid', async () => {
    const config = { idVendor: 0x0fe6, idProduct: 0x811e, interfaceClass: 0xff, status: IDLE };
    const byClass = make(new FakeUsb(config));
    await byClass.open();
    await assert.rejects(byClass.write(Uint8Array.of(0x0a), ctx), (err: unknown) => err instanceof PortError && err.reason === 'offline');
    assert.deepEqual(await byClass.readStatus(), { online: false, paper: 'unknown', coverOpen: false, errors: ['disconnected'] });

    const usb = new FakeUsb(config);
    usb.others.push(keyboard);
    const byIds = make(usb, { vendorId: 0x0fe6, productId: 0x811e });
    await byIds.open();
    await byIds.write(Uint8Array.of(0x1b, 0x40), ctx);
    assert.deepEqual(usb.device.printed, [0x1b, 0x40]);
    assert.deepEqual(await byIds.readStatus(), { online: true, paper: 'ok', coverOpen: false, errors: [] });
  });

  test('a write that never completes times out and the device is reopened for the next job', async () => {
    const usb = new FakeUsb({ status: IDLE });
    const printer = make(usb, { writeTimeoutMs: 100 });
    await printer.open();
    usb.device.holdWrites = true;
    await assert.rejects(printer.write(Uint8Array.of(0x41), ctx), (err: unknown) => err instanceof PortError && err.reason === 'timeout');
    usb.device.holdWrites = false;
    await printer.write(Uint8Array.of(0x42), ctx);
    assert.equal(usb.device.opened, true);
    assert.deepEqual(usb.device.printed, [0x41, 0x42]);
  });

  test('not open → offline', async () => {
    const printer = make(new FakeUsb({ status: IDLE }));
    assert.deepEqual(await printer.readStatus(), { online: false, paper: 'unknown', coverOpen: false, errors: ['not_open'] });
    await assert.rejects(printer.write(Uint8Array.of(0x0a), ctx), (err: unknown) => err instanceof PortError && err.reason === 'offline');
  });
});

test('--list-printers lists every USB device with lsusb ids, marking printer-class ones', async () => {
  const { listUsbDevices } = await import('./usb.js');
  const usb = new FakeUsb({ idVendor: 0x04b8, idProduct: 0x0e28, status: IDLE });
  usb.devices.push(new FakeDevice({ idVendor: 0x0fe6, idProduct: 0x811e, interfaceClass: 0xff, status: IDLE }));
  assert.deepEqual(await listUsbDevices(usb), [
    { vendorId: '04b8', productId: '0e28', printerClass: true },
    { vendorId: '0fe6', productId: '811e', printerClass: false },
  ]);
});
