const twilio = require("twilio");

const client = twilio(process.env.TWILIO_ACCOUNT_SID, process.env.TWILIO_AUTH_TOKEN);

async function remind(to, text) {
  return client.messages.create({ to, from: process.env.TWILIO_FROM, body: text });
}

module.exports = { remind };
