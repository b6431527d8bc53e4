const twilio = require("twilio");

const client = twilio(process.env.TWILIO_ACCOUNT_SID, process.env.TWILIO_AUTH_TOKEN);

module.exports.handler = async () => {
  await client.messages.create({ to: "+15005550006", from: "+15005550006", body: "Reminder" });
};
