const twilio = require("twilio");

module.exports = async (req, res) => {
  const client = twilio(process.env.TWILIO_ACCOUNT_SID, process.env.TWILIO_AUTH_TOKEN);
  const message = await client.messages.create({
    to: req.body.to,
    from: process.env.TWILIO_FROM_NUMBER,
    body: req.body.text,
  });
  res.status(200).json({ sid: message.sid });
};
