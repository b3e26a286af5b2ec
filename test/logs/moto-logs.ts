// moto_server for the CloudWatch Logs and EC2 tests of logs/cost: the one in test/support.
export { startMoto as startMotoForLogs, type Moto as MotoLogs } from '../support/moto.js';
