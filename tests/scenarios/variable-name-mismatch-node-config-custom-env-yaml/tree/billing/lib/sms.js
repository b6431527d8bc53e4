const config = require('config');
const twilio = require('twilio');

const { accountSid, authToken, messagingServiceSid } = config.get('twilio');
const client = twilio(accountSid, authToken);

exports.sendInvoiceNotice = (to, amount) =>
  client.messages.create({ to, messagingServiceSid, body: `Invoice due: ${amount}` });
