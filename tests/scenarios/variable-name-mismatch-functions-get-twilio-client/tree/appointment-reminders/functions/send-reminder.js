/**
 * Sends the day-before reminder for one appointment.
 * Called by the booking system's webhook with To, When and Patient.
 */
exports.handler = async function (context, event, callback) {
  const when = new Date(event.When).toLocaleString('en-US', { timeZone: 'America/Chicago' });
  const body = `Hi ${event.Patient}, this is ${context.CLINIC_NAME}: see you on ${when}.`;

  const client = context.getTwilioClient();
  try {
    const message = await client.messages.create({
      to: event.To,
      from: context.REMINDER_FROM,
      body,
    });
    return callback(null, { sid: message.sid });
  } catch (error) {
    console.error(error);
    return callback(error);
  }
};
