const twilio = require("twilio");

exports.handler = async (event) => {
  const client = twilio(process.env.TWILIO_ACCOUNT_SID, process.env.TWILIO_AUTH_TOKEN);
  const { to, order } = JSON.parse(event.body);
  await client.messages.create({ to, from: "+15005550006", body: `Order ${order} confirmed` });
  return { statusCode: 204 };
};
