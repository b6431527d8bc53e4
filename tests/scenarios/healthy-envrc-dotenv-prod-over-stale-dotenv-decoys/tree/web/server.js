require('dotenv').config();

const twilio = require('twilio');
const client = twilio(process.env.TWILIO_ACCOUNT_SID, process.env.TWILIO_AUTH_TOKEN);

module.exports = async function verify(to) {
  return client.lookups.v2.phoneNumbers(to).fetch();
};
