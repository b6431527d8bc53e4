const config = require('config');
const express = require('express');
const twilio = require('twilio');

const client = twilio(config.get('twilio.accountSid'), config.get('twilio.authToken'));
const app = express();
app.use(express.json());

app.post('/notify', async (req, res) => {
  const message = await client.messages.create({
    to: req.body.to,
    from: config.get('twilio.from'),
    body: req.body.text,
  });
  res.json({ sid: message.sid });
});

app.listen(config.get('port'));
