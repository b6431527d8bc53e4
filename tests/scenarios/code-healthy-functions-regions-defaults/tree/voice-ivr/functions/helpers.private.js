// A helper of our own, not the runtime's: kept for scripts run outside Functions.
function getTwilioClient(sid, token) {
  return require('twilio')(sid, token);
}
module.exports = { getTwilioClient };
