export { type Delivery, sendCallback } from './callbacks.js';
export { type Charge, type ChargeStatus, createChargeBody } from './charges.js';
export { type Fault, FaultQueue, fault } from './faults.js';
export { buildSandbox, type Sandbox, type SandboxOptions } from './sandbox.js';
