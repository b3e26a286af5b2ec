export { runKubeDoctor, type DoctorCheck, type KubeDoctorOptions } from './kube-doctor.js';
export { zmtpHandshake, type HandshakeResult } from './zmtp.js';
