const express = require("express");
const twilio = require("twilio");

const client = twilio(process.env.TWILIO_ACCOUNT_SID, process.env.TWILIO_AUTH_TOKEN);
const app = express();
app.use(express.json());

app.post("/notify", async (req, res) => {
  const message = await client.messages.create({
    from: process.env.TWILIO_FROM_NUMBER,
    to: req.body.to,
    body: req.body.text,
  });
  res.json({ sid: message.sid });
});

app.listen(3000);
