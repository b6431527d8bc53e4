const config = require('config');
const twilio = require('twilio');

const { accountSid, authToken } = config.get('twilio');
const client = twilio(accountSid, authToken);

async function sendReminder(to, body) {
  return client.messages.create({ to, from: config.get('twilio.from'), body });
}

module.exports = { sendReminder };
