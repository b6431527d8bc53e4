const twilio = require("twilio");

const client = twilio(process.env.TWILIO_ACCOUNT_SID, process.env.TWILIO_AUTH_TOKEN);

module.exports.handler = async () => {
  await client.messages.create({
    to: process.env.REMINDER_TO,
    from: process.env.REMINDER_FROM,
    body: "Your appointment is tomorrow.",
  });
};
