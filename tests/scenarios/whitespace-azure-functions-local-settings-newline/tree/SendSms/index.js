const twilio = require('twilio');

module.exports = async function (context, req) {
  const client = twilio(process.env.TWILIO_ACCOUNT_SID, process.env.TWILIO_AUTH_TOKEN);
  await client.messages.create({ to: req.body.to, from: '+15005550006', body: req.body.text });
  context.res = { status: 202 };
};
