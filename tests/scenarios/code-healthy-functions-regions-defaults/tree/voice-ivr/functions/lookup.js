const twilio = require('twilio');

exports.handler = async function (context, event, callback) {
  const client = twilio(context.ACCOUNT_SID, context.AUTH_TOKEN);
  const number = await client.lookups.v2.phoneNumbers(event.From).fetch();
  callback(null, { valid: number.valid });
};
