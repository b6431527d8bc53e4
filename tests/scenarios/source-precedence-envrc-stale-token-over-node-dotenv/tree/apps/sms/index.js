require('dotenv').config();

const express = require('express');
const twilio = require('twilio');

const client = twilio(process.env.TWILIO_ACCOUNT_SID, process.env.TWILIO_AUTH_TOKEN);
const app = express();
app.use(express.urlencoded({ extended: false }));

app.post('/remind/:to', async (req, res) => {
  const message = await client.messages.create({
    to: req.params.to,
    from: process.env.TWILIO_FROM,
    body: 'Your appointment is tomorrow at 10:00',
  });
  res.json({ sid: message.sid });
});

app.listen(process.env.PORT || 3000);
